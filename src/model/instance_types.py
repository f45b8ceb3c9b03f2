#!/usr/bin/env python3
"""Generate `instance_types.rs` (next to this script): every EC2 instance type,
with its generation, for I509 (unknown-instance-type) and I510
(previous-generation-type).

Source of the types: the `InstanceType` enum of the EC2 service model that
botocore ships (`botocore/data/ec2/<api-version>/service-2.json[.gz]`), which
is what the EC2 API itself accepts. Pinned to botocore 1.44.8, the version
`tests/external/requirements.txt` installs for CI; the script refuses any
other version, so the header of the generated file always names the data it
came from.

Source of the generations: not in the service model, so this script keeps a
short hand-maintained table (`PREVIOUS`, below) of the previous-generation
families; every other family is current. The script fails when a family of
that table, or a successor it names, is not in the enum.

Regenerate (standard library only, besides botocore itself):

    python3 -m venv /tmp/botocore-venv
    /tmp/botocore-venv/bin/pip install botocore==1.44.8
    /tmp/botocore-venv/bin/python src/model/instance_types.py

`--check` writes nothing and exits 1 when the committed file differs from
what the script would write (CI runs it).

To move to a newer botocore: change `BOTOCORE` here and in
tests/external/requirements.txt, run the script, and review `PREVIOUS`
against AWS's page (new families default to current; a family AWS has moved
to its previous-generation list must be added by hand).
"""

import gzip
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
import tempfile

BOTOCORE = "1.44.8"

# Previous-generation families, each with the current family to suggest
# instead.
#
# Which families: the list under "Previous generation instances" in AWS's
# Amazon EC2 Instance Types guide, page "Amazon EC2 instance types"
# (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html#previous-gen-instances),
# as read when this table was made for botocore 1.44.8: General purpose A1,
# M1, M2, M3, M4, T1; Compute optimized C1, C3, C4; Memory optimized R3, R4;
# Storage optimized I2; Accelerated computing G3, P3, P3dn. The same page
# lists T2 (and D2, H1, X1, F1) among the current generation, so they are
# current here. `g3s` (g3s.xlarge) is a size of AWS's G3 family.
#
# Then the families the enum still holds that the page lists in neither
# generation: cc1, cc2, cg1, cr1, g2, hi1, hs1, p2. The page's current list
# is what AWS recommends for new instances, and these all predate it (cc2,
# cr1, hs1 and g2 are in the "Previous Generation Instances" table of the
# EC2 User Guide's late-2018 "Instance Types" page; p2 was then current), so
# they are not current. Families newer than the page (c9g, m8in, t8i, ...)
# are current until AWS says otherwise.
#
# The successor is the current family of the same kind and processor
# architecture: where AWS's "Previous Generation Instances" upgrade-path page
# (https://aws.amazon.com/ec2/previous-generation/) names one it is the
# first it names (T1 -> T3, M1 and M3 -> M7i, I2 -> I3); otherwise the
# seventh-generation family of the same series (x86 for x86, Graviton for
# Graviton), the generation that page recommends for the families it covers.
# I510 suggests the successor with the same size when the successor has it.
PREVIOUS = {
    # AWS's previous-generation list.
    "a1": "m7g",  # first-generation Graviton, general purpose -> Graviton3
    "c1": "c7i",
    "c3": "c7i",
    "c4": "c7i",
    "g3": "g6",
    "g3s": "g6",
    "i2": "i3",
    "m1": "m7i",
    "m2": "r7i",  # M2 was AWS's memory-optimized family of its day
    "m3": "m7i",
    "m4": "m7i",
    "p3": "p5",
    "p3dn": "p5",
    "r3": "r7i",
    "r4": "r7i",
    "t1": "t3",
    # Dropped from both of AWS's lists; still in the API's enum.
    "cc1": "c7i",
    "cc2": "c7i",
    "cg1": "g6",
    "cr1": "r7i",
    "g2": "g6",
    "hi1": "i4i",
    "hs1": "d3",
    "p2": "p5",
}

NAME = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "instance_types.rs")


def fail(message):
    print(f"instance_types.py: {message}", file=sys.stderr)
    sys.exit(1)


def service_model():
    """The EC2 service model of the installed botocore, and its path
    relative to the package (for the header)."""
    try:
        version = importlib.metadata.version("botocore")
    except importlib.metadata.PackageNotFoundError:
        fail(f"botocore is not installed: pip install botocore=={BOTOCORE}")
    if version != BOTOCORE:
        fail(
            f"botocore {version} is installed, the table is pinned to {BOTOCORE}: "
            f"install botocore=={BOTOCORE}, or update BOTOCORE here and in "
            "tests/external/requirements.txt and review PREVIOUS"
        )
    spec = importlib.util.find_spec("botocore")
    package = os.path.dirname(spec.origin)
    ec2 = os.path.join(package, "data", "ec2")
    # API versions are dates; the newest is the one botocore uses.
    api = sorted(os.listdir(ec2))[-1]
    for name in ("service-2.json.gz", "service-2.json"):
        path = os.path.join(ec2, api, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f), f"botocore/data/ec2/{api}/{name}"
    fail(f"no service-2.json(.gz) under {os.path.join(ec2, api)}")


def types(model):
    names = model["shapes"]["InstanceType"]["enum"]
    if len(set(names)) != len(names):
        fail("the InstanceType enum repeats a name")
    for n in names:
        if not NAME.match(n):
            fail(f"`{n}` is not of the form family.size")
    families = {n.split(".", 1)[0] for n in names}
    for family, successor in sorted(PREVIOUS.items()):
        if family not in families:
            fail(f"previous-generation family `{family}` is not in the enum")
        if successor not in families:
            fail(f"successor `{successor}` (of `{family}`) is not in the enum")
        if successor in PREVIOUS:
            fail(f"successor `{successor}` (of `{family}`) is itself previous generation")
    # Rust compares &str bytewise, as Python compares ASCII strings.
    return sorted(names)


def render(names, source):
    previous = sum(1 for n in names if n.split(".", 1)[0] in PREVIOUS)
    lines = [
        f"// @generated by src/model/instance_types.py from botocore {BOTOCORE}",
        f"// ({source}, shape `InstanceType`).",
        "// Do not edit: change the script and run it again (its docstring says how).",
        "",
        f"//! Every EC2 instance type of botocore {BOTOCORE}'s EC2 API model: "
        f"{len(names)} types",
        f"//! in {len({n.split('.', 1)[0] for n in names})} families, "
        f"{previous} of them of a previous generation ({len(PREVIOUS)} families),",
        "//! sorted by name (so a family's types are contiguous).",
        "",
        "use super::instance_catalog::{InstanceType, cur, prev};",
        "",
        "/// The botocore release the table was generated from.",
        f'pub const BOTOCORE_VERSION: &str = "{BOTOCORE}";',
        "",
        "#[rustfmt::skip]",
        f"pub(super) static TYPES: [InstanceType; {len(names)}] = [",
    ]
    for n in names:
        successor = PREVIOUS.get(n.split(".", 1)[0])
        if successor is None:
            lines.append(f'    cur("{n}"),')
        else:
            lines.append(f'    prev("{n}", "{successor}"),')
    lines.append("];")
    return "\n".join(lines) + "\n"


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        fail("usage: instance_types.py [--check]")
    model, source = service_model()
    text = render(types(model), source)
    if check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                fail(f"{OUT} is stale: run src/model/instance_types.py")
        print(f"{OUT} is up to date (botocore {BOTOCORE})")
        return
    fd, tmp = tempfile.mkstemp(dir=HERE, prefix=".instance_types.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv)
