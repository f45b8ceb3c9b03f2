//! Reading and resolving CloudFormation templates (`cfn::load`).
//!
//! The issue's budget: the template `netlint build` makes from the
//! 1000-copy generated network (~30 MB) must *check* in under 1.5 s, so
//! reading and resolving must take a fraction of that. Two inputs:
//!
//! - `built/N` — the JSON `netlint build` emits for a generated network of
//!   N lines (what the round trip will read);
//! - `synthetic/N` — N copies of a hand-shaped VPC stanza that leans on
//!   intrinsics (`Fn::Select`/`Fn::GetAZs`/`Fn::Cidr` subnets, `Fn::Sub`,
//!   `Fn::If`, `Fn::FindInMap`, `Fn::GetAtt`), so resolution does real work.
//!
//! `cargo bench --bench cfn` runs the benchmarks;
//! `cargo bench --bench cfn -- --write built|synthetic N FILE` writes an
//! input to FILE, and `-- --time FILE` reads and resolves FILE three times
//! and prints the time of each (for `/usr/bin/time` and callgrind).

use criterion::{BenchmarkId, Criterion, Throughput};
use netlint::cfn::{self, Options, Pseudo};
use std::hint::black_box;
use std::time::Duration;

#[path = "generate.rs"]
mod generate;

/// The template `netlint build` writes for a generated network of `lines`
/// lines.
fn built(lines: usize) -> String {
    let src = generate::generate(lines);
    let (model, topo) = netlint::check::load(&src)
        .unwrap_or_else(|d| panic!("generated network has errors: {:?}", &d[..d.len().min(3)]));
    netlint::emit::to_json_string(&model, &topo)
}

/// `copies` VPC stanzas with parameters, a mapping and conditions.
fn synthetic(copies: usize) -> String {
    let mut out = String::with_capacity(copies * 6_000);
    out.push_str(
        r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "Env": {"Type": "String", "Default": "prod", "AllowedValues": ["prod", "dev"]},
    "AdminCidr": {"Type": "String", "Default": "203.0.113.0/24"},
    "Zones": {"Type": "CommaDelimitedList", "Default": "us-east-1a,us-east-1b"}
  },
  "Mappings": {"Sizes": {"prod": {"Instance": "m5.large"}, "dev": {"Instance": "t3.micro"}}},
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]}
  },
  "Resources": {"#,
    );
    for i in 0..copies {
        let (a, b) = (i / 256 % 256, i % 256);
        let sep = if i == 0 { "" } else { "," };
        out.push_str(&format!(
            r##"{sep}
    "Vpc{i}": {{"Type": "AWS::EC2::VPC", "Properties": {{"CidrBlock": "10.{a}.{b}.0/24", "EnableDnsSupport": true,
      "Tags": [{{"Key": "Name", "Value": {{"Fn::Sub": "${{Env}}-vpc-{i}"}}}}]}}}},
    "Igw{i}": {{"Type": "AWS::EC2::InternetGateway"}},
    "Attach{i}": {{"Type": "AWS::EC2::VPCGatewayAttachment", "Properties": {{"VpcId": {{"Ref": "Vpc{i}"}}, "InternetGatewayId": {{"Ref": "Igw{i}"}}}}}},
    "PublicA{i}": {{"Type": "AWS::EC2::Subnet", "Properties": {{"VpcId": {{"Ref": "Vpc{i}"}},
      "AvailabilityZone": {{"Fn::Select": [0, {{"Fn::GetAZs": ""}}]}},
      "CidrBlock": {{"Fn::Select": [0, {{"Fn::Cidr": ["10.{a}.{b}.0/24", 4, 6]}}]}}, "MapPublicIpOnLaunch": true}}}},
    "PrivateB{i}": {{"Type": "AWS::EC2::Subnet", "Properties": {{"VpcId": {{"Ref": "Vpc{i}"}},
      "AvailabilityZone": {{"Fn::Select": [1, {{"Ref": "Zones"}}]}},
      "CidrBlock": {{"Fn::Select": [1, {{"Fn::Cidr": ["10.{a}.{b}.0/24", 4, 6]}}]}}}}}},
    "Routes{i}": {{"Type": "AWS::EC2::RouteTable", "Properties": {{"VpcId": {{"Ref": "Vpc{i}"}}}}}},
    "Default{i}": {{"Type": "AWS::EC2::Route", "DependsOn": "Attach{i}", "Properties": {{"RouteTableId": {{"Ref": "Routes{i}"}},
      "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {{"Ref": "Igw{i}"}}}}}},
    "Assoc{i}": {{"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {{"SubnetId": {{"Ref": "PublicA{i}"}}, "RouteTableId": {{"Ref": "Routes{i}"}}}}}},
    "WebSg{i}": {{"Type": "AWS::EC2::SecurityGroup", "Properties": {{"GroupDescription": "web {i}", "VpcId": {{"Ref": "Vpc{i}"}},
      "SecurityGroupIngress": [
        {{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}},
        {{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": {{"Ref": "AdminCidr"}}}},
        {{"Fn::If": ["IsDev", {{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": "0.0.0.0/0"}}, {{"Ref": "AWS::NoValue"}}]}}
      ]}}}},
    "AppSg{i}": {{"Type": "AWS::EC2::SecurityGroup", "Properties": {{"GroupDescription": "app {i}", "VpcId": {{"Ref": "Vpc{i}"}}}}}},
    "AppIn{i}": {{"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {{"GroupId": {{"Fn::GetAtt": ["AppSg{i}", "GroupId"]}},
      "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "SourceSecurityGroupId": {{"Fn::GetAtt": ["WebSg{i}", "GroupId"]}}}}}},
    "Web{i}": {{"Type": "AWS::EC2::Instance", "Properties": {{"ImageId": "ami-0123456789abcdef0",
      "InstanceType": {{"Fn::FindInMap": ["Sizes", {{"Ref": "Env"}}, "Instance"]}}, "SubnetId": {{"Ref": "PublicA{i}"}},
      "SecurityGroupIds": [{{"Ref": "WebSg{i}"}}],
      "UserData": {{"Fn::Base64": {{"Fn::Join": ["", ["#!/bin/bash\n", "echo region ", {{"Ref": "AWS::Region"}}, "\n"]]}}}}}}}}"##
        ));
    }
    out.push_str("\n  }\n}\n");
    out
}

fn options() -> Options {
    Options {
        pseudo: Pseudo {
            region: Some("us-east-1".into()),
            ..Pseudo::default()
        },
        params: Vec::new(),
    }
}

/// Reads and resolves; panics on a problem (the inputs are clean).
fn load(src: &str) -> usize {
    let (t, problems) = cfn::load(src, &options());
    assert!(
        problems.is_empty(),
        "{:?}",
        &problems[..problems.len().min(3)]
    );
    t.expect("template").resources.len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("cfn_load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    // ~10k lines of JSON (the issue's 10-copy figure), and ~30 MB.
    let inputs = [
        ("built", built(1_200)),
        ("built", built(120_000)),
        ("synthetic", synthetic(10_000)),
    ];
    for (name, src) in &inputs {
        let resources = load(src);
        eprintln!("{name}: {} bytes, {resources} resources", src.len());
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_with_input(BenchmarkId::new(*name, src.len()), src, |b, src| {
            b.iter(|| black_box(load(black_box(src))))
        });
    }
    group.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let (kind, n, file) = (&args[i + 1], args[i + 2].parse().expect("N"), &args[i + 3]);
        let src = match kind.as_str() {
            "built" => built(n),
            "synthetic" => synthetic(n),
            other => panic!("unknown input {other}"),
        };
        std::fs::write(file, src).expect("write");
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--time") {
        let src = std::fs::read_to_string(&args[i + 1]).expect("read");
        for _ in 0..3 {
            let start = std::time::Instant::now();
            let n = load(&src);
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{} bytes, {n} resources: {:.1} ms, {:.0} MB/s",
                src.len(),
                secs * 1e3,
                src.len() as f64 / secs / 1e6
            );
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
