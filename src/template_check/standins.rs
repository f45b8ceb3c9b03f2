//! Stand-ins for the existing network a template deploys into.
//!
//! Half of real templates take their VPC and subnets as parameters
//! (`AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>`). Without a
//! description of that network (`--network`) the resources placed in it
//! would be left out, and with them everything that does not depend on it
//! at all: a group open to the world, an Auto Scaling group whose min
//! exceeds its max, an ALB with a TCP listener. So the check gives each such
//! parameter a stand-in (a VPC, one subnet, or two subnets in two zones),
//! runs every rule, and keeps only the findings that cannot depend on what
//! the stand-in made up: none with a label on the stand-in's text, and none
//! of the rules that reason over the network's blocks, zones, routes,
//! ACLs or reachability ([`NEEDS_NETWORK`]). One T005 per parameter says
//! so, and how to run them.

use crate::catalog::Code;
use crate::cfn::params::{GivenParam, Parameter};
use crate::cfn::template::Template;
use crate::cfn::value::ParamSource;
use crate::span::Span;
use std::collections::HashSet;
use std::fmt::Write;

/// The rules whose findings on a stand-in network would be made up: they
/// read the blocks, zones, routes, ACLs or public-ness of the subnets, the
/// VPC's settings, or trace reachability.
pub(crate) const NEEDS_NETWORK: &[Code] = &[
    Code::A101,
    Code::A102,
    Code::A105,
    Code::A106,
    Code::A107,
    Code::R201,
    Code::R203,
    Code::R204,
    Code::R205,
    Code::R206,
    Code::R207,
    Code::R208,
    Code::R210,
    Code::R212,
    Code::R213,
    Code::R214,
    Code::R215,
    Code::R216,
    Code::R218,
    Code::R219,
    Code::S305,
    Code::S306,
    Code::N401,
    Code::N406,
    Code::N407,
    Code::I501,
    Code::I502,
    Code::I504,
    Code::I505,
    Code::I511,
    Code::V601,
    Code::F102,
    Code::F103,
    Code::L702,
    Code::L703,
    Code::L707,
    Code::L708,
    Code::L709,
    Code::G802,
    Code::G805,
    Code::G806,
    Code::X901,
    Code::X902,
    Code::X903,
    Code::X904,
    Code::X905,
    Code::X906,
    Code::X907,
    Code::X908,
];

/// One parameter stood in for.
pub(crate) struct Stood {
    pub(crate) name: String,
    pub name_span: Span,
    pub type_name: String,
    /// The stand-in blocks' names.
    pub blocks: Vec<String>,
}

/// The stand-ins a template needs.
pub(crate) struct StandIns {
    /// `.net` text of the stand-in VPCs and subnets.
    pub text: String,
    /// Their names as the parameters' values.
    pub params: Vec<GivenParam>,
    pub stood: Vec<Stood>,
}

impl StandIns {
    /// Every stand-in block's name.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.stood
            .iter()
            .flat_map(|s| s.blocks.iter().map(String::as_str))
    }
}

enum Shape {
    Vpc,
    Vpcs(usize),
    Subnets(usize),
}

/// The stand-ins for the VPC and subnet parameters whose value is not a
/// name of `existing` (the network given with `--network`), or `None`.
pub(crate) fn plan(t: &Template<'_>, existing: &HashSet<String>) -> Option<StandIns> {
    let known = |v: &str| {
        let items = Parameter::items(v);
        !items.is_empty() && items.iter().all(|i| existing.contains(*i))
    };
    let mut wanted = Vec::new();
    for p in &t.parameters {
        // A list takes as many stand-ins as it was given items (two
        // subnets in two zones when it has no value).
        let given_items = p
            .value
            .as_ref()
            .map_or(0, |(v, _)| Parameter::items(v).len());
        let shape = match p.type_name.as_ref() {
            "AWS::EC2::VPC::Id" => Shape::Vpc,
            "List<AWS::EC2::VPC::Id>" => Shape::Vpcs(given_items.clamp(1, 8)),
            "AWS::EC2::Subnet::Id" => Shape::Subnets(1),
            "List<AWS::EC2::Subnet::Id>" => Shape::Subnets(if given_items == 0 {
                2
            } else {
                given_items.min(8)
            }),
            _ => continue,
        };
        if p.value.as_ref().is_some_and(|(v, _)| known(v)) {
            continue;
        }
        wanted.push((p, shape));
    }
    if wanted.is_empty() {
        return None;
    }
    // Block names the lowering never makes (it makes kebab-case).
    let block = |param: &str, k: Option<usize>| {
        let base: String = param
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match k {
            Some(k) => format!("standin_{base}_{k}"),
            None => format!("standin_{base}"),
        }
    };
    let mut text = String::from(
        "# Stand-ins for the network the template's parameters name (netlint check).\n",
    );
    let mut params = Vec::new();
    let mut stood = Vec::new();
    // The subnets' VPC: the one VPC parameter (stood in or given), else a
    // stand-in of their own.
    let vpc_params: Vec<_> = t
        .parameters
        .iter()
        .filter(|p| {
            matches!(
                p.type_name.as_ref(),
                "AWS::EC2::VPC::Id" | "List<AWS::EC2::VPC::Id>"
            )
        })
        .collect();
    let mut second_octet = 200u32;
    let mut subnet_vpc: Option<(String, u32)> = match vpc_params.as_slice() {
        [p] => match p.value.as_ref() {
            Some((v, _)) if known(v) => Some((v.to_string(), 250)),
            _ => None,
        },
        _ => None,
    };
    for (p, shape) in &wanted {
        let n = match *shape {
            Shape::Vpc => 1,
            Shape::Vpcs(n) => n,
            Shape::Subnets(_) => continue,
        };
        let mut blocks = Vec::new();
        for k in 0..n {
            let name = block(&p.name, matches!(shape, Shape::Vpcs(_)).then_some(k + 1));
            let _ = writeln!(text, "vpc {name} {{\n  cidr 10.{second_octet}.0.0/16\n}}");
            if vpc_params.len() == 1 && k == 0 {
                subnet_vpc = Some((name.clone(), second_octet));
            }
            second_octet = (second_octet + 1).min(249);
            blocks.push(name);
        }
        stand_in(&mut params, &mut stood, p, blocks);
    }
    let mut next_subnet = 0u32;
    for (p, shape) in &wanted {
        let Shape::Subnets(n) = *shape else { continue };
        let (vpc, octet) = match &subnet_vpc {
            Some(v) => v.clone(),
            None => {
                let name = "standin_network".to_string();
                let _ = writeln!(text, "vpc {name} {{\n  cidr 10.250.0.0/16\n}}");
                subnet_vpc = Some((name.clone(), 250));
                (name, 250)
            }
        };
        let mut blocks = Vec::new();
        for k in 0..n {
            let name = block(&p.name, (n > 1).then_some(k + 1));
            let third = 255 - (next_subnet % 200);
            let zone = ['a', 'b', 'c'][(next_subnet % 3) as usize];
            next_subnet += 1;
            let _ = writeln!(
                text,
                "subnet {name} {{\n  vpc {vpc}\n  cidr 10.{octet}.{third}.0/24\n  zone {zone}\n}}"
            );
            blocks.push(name);
        }
        stand_in(&mut params, &mut stood, p, blocks);
    }
    Some(StandIns {
        text,
        params,
        stood,
    })
}

/// Records `blocks` as the stand-in value of `p`.
fn stand_in(
    params: &mut Vec<GivenParam>,
    stood: &mut Vec<Stood>,
    p: &Parameter<'_>,
    blocks: Vec<String>,
) {
    params.push(GivenParam {
        name: p.name.to_string(),
        value: blocks.join(","),
        source: ParamSource::StandIn,
    });
    stood.push(Stood {
        name: p.name.to_string(),
        name_span: p.name_span,
        type_name: p.type_name.to_string(),
        blocks,
    });
}
