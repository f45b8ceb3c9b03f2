//! Area E: errors in the file itself. The parser and the resolver produce
//! these; they block `build` and stop the lint rules (which need a complete
//! model). Documented here so that `netlint explain E004` works like any
//! other code.

use super::Rule;
use crate::diagnostics::Severity;

macro_rules! error_code {
    ($id:ident, $code:literal, $name:literal, $summary:literal, $docs:literal) => {
        pub const $id: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::Error,
            summary: $summary,
            docs: $docs,
            check: None,
        };
    };
}

error_code!(
    E001,
    "E001",
    "syntax-error",
    "the text does not follow the grammar",
    "## What it checks
The file's structure: settings, `kind name { … }` blocks, attributes ending at a
newline or `;`, strings closed on their line, braces balanced, valid UTF-8.

## Why it matters
Nothing after a syntax error can be trusted to mean what you wrote. netlint
recovers (at the next line inside a block, at the next block header outside
one) so every independent mistake is reported in one run.

## Example
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a
subnet public-c { vpc main; cidr 10.0.2.0/24; zone c }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet public-c { vpc main; cidr 10.0.2.0/24; zone c }
```
"
);

error_code!(
    E002,
    "E002",
    "unknown-kind",
    "a block kind that does not exist",
    "## What it checks
That every block starts with one of the kinds of language.md §4: `vpc`,
`internet-gateway`, `subnet`, `route-table`, `eip`, `nat-gateway`,
`security-group`, `network-acl`, `instance`, `volume`, `load-balancer`,
`target-group`, `launch-template`, `auto-scaling-group`.

## Why it matters
A misspelt kind would silently drop a resource from the network.

## Example
```
security_group web-sg { vpc main }
```

## Use instead
```
security-group web-sg { vpc main }
```
"
);

error_code!(
    E003,
    "E003",
    "unknown-attribute",
    "a key the kind does not have",
    "## What it checks
That every attribute key exists for its block kind (`netlint explain` lists
none of them; language.md §4 does).

## Why it matters
An attribute netlint does not know is one that is not deployed: a typo such
as `public_ip on` would leave a subnet private.

## Example
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a; public_ip on }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a; public-ip on }
```
"
);

error_code!(
    E004,
    "E004",
    "invalid-value",
    "a value of the wrong type or out of range",
    "## What it checks
Each value against its type (language.md §3): CIDRs, zones (and full zone
names against `region`), protocols, port ranges, sizes, durations,
percentages, counts, AMIs, ARNs, booleans and keywords.

## Why it matters
CloudFormation would reject the value at deploy time, minutes later and far
from the line that caused it.

## Example
```
subnet public-a { vpc main; cidr 10.0.1.0/33; zone a }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
```
"
);

error_code!(
    E005,
    "E005",
    "unknown-reference",
    "a name that is not declared",
    "## What it checks
That every name used as a reference is declared somewhere in the file
(before or after the use).

## Why it matters
The resource would point at nothing; CloudFormation fails with an
unresolved `Ref`.

## Example
```
subnet public-a { vpc mian; cidr 10.0.1.0/24; zone a }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
```
"
);

error_code!(
    E006,
    "E006",
    "wrong-reference-kind",
    "a name of the wrong kind",
    "## What it checks
That a reference names a resource of the kind the attribute needs: `vpc`
takes a VPC, `subnets` takes subnets, a route target is an internet gateway
or a NAT gateway, and so on.

## Why it matters
Names are shared by all kinds, so `vpc public-a` is well-formed but wrong.

## Example
```
internet-gateway igw { vpc public-a }
```

## Use instead
```
internet-gateway igw { vpc main }
```
"
);

error_code!(
    E007,
    "E007",
    "duplicate-name",
    "a name declared twice",
    "## What it checks
That every name is declared once in the whole file, whatever the kinds.

## Why it matters
References would be ambiguous, and CloudFormation logical IDs would
collide.

## Example
```
subnet app { vpc main; cidr 10.0.1.0/24; zone a }
security-group app { vpc main }
```

## Use instead
```
subnet app-subnet { vpc main; cidr 10.0.1.0/24; zone a }
security-group app-sg { vpc main }
```
"
);

error_code!(
    E008,
    "E008",
    "missing-attribute",
    "a required attribute is absent",
    "## What it checks
That each block has its required attributes (bold in language.md §4), e.g.
a subnet's `vpc`, `cidr` and `zone`.

## Why it matters
CloudFormation cannot create the resource without them.

## Example
```
subnet public-a { vpc main; cidr 10.0.1.0/24 }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
```
"
);

error_code!(
    E009,
    "E009",
    "duplicate-attribute",
    "a non-repeatable attribute given twice",
    "## What it checks
That an attribute not marked repeatable appears at most once per block.

## Why it matters
Which of the two values wins would be a guess; netlint refuses to guess.

## Example
```
subnet public-a { vpc main; cidr 10.0.1.0/24; cidr 10.0.2.0/24; zone a }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
```
"
);

error_code!(
    E010,
    "E010",
    "logical-id-collision",
    "two resources would get the same CloudFormation logical ID",
    "## What it checks
That the CloudFormation logical IDs netlint derives (PascalCase of the name,
plus suffixes such as `Route1` or `Attachment` for derived resources) are
unique in the template.

## Why it matters
A template with two resources of one logical ID is invalid; one would
silently replace the other.

## Example
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet public_a { vpc main; cidr 10.0.2.0/24; zone a }
```

## Use instead
```
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet public-b { vpc main; cidr 10.0.2.0/24; zone b }
```
"
);

pub const RULES: &[&Rule] = &[
    &E001, &E002, &E003, &E004, &E005, &E006, &E007, &E008, &E009, &E010,
];
