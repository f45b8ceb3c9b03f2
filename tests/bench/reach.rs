//! Benchmark of the reachability rules on a generated network: 2,000
//! instances, 500 security groups, 200 network ACLs (plus load balancers,
//! Auto Scaling groups, bastions and NAT gateways). The budget: all X rules
//! together in under a second on a 2-core machine.
//!
//! `cargo bench --bench reach` (criterion); `-- --quick` for a short run.
//! Both networks run: the IPv4 one (`reach/…`) and the same network made
//! dual-stack (`reach-dualstack/…`). `cargo bench --bench reach -- --write
//! FILE [dualstack]` writes a network to a file instead, for
//! `tests/bench/compare.sh`.

use criterion::Criterion;
use netlint::analysis::Analysis;
use netlint::catalog::Area;
use netlint::rules::{Context, RULES};
use std::fmt::Write;
use std::time::Duration;

/// A deterministic pseudo-random sequence (LCG), so every run benchmarks
/// the same network.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const SUBNETS: usize = 200;
const INSTANCES: usize = 2000;
const GROUPS: usize = 500;
const BASTIONS: usize = 10;
const LBS: usize = 20;
const ASGS: usize = 20;

/// The generated `.net` text. `dual`: the VPC is dual-stack, half the
/// subnets give their hosts IPv6 addresses, public subnets route `::/0` to
/// the internet gateway and private ones to an egress-only gateway, the
/// load balancers listen dual-stack and some rules name IPv6 blocks.
pub fn network(dual: bool) -> String {
    let mut r = Lcg(42);
    let mut s = String::new();
    let ami = "ami-0c55b159cbfafe1f0";
    if dual {
        s.push_str("vpc main { cidr 10.0.0.0/16; ipv6 on }\ninternet-gateway igw { vpc main }\n");
        s.push_str("egress-only-internet-gateway eigw { vpc main }\n");
    } else {
        s.push_str("vpc main { cidr 10.0.0.0/16 }\ninternet-gateway igw { vpc main }\n");
    }
    let v6 = |line: &str| {
        if dual {
            line.to_string()
        } else {
            String::new()
        }
    };
    let zones = ['a', 'b', 'c'];
    // Even subnets public, odd private.
    for i in 0..SUBNETS {
        let public = i % 2 == 0;
        writeln!(
            s,
            "subnet s{i} {{ vpc main; cidr 10.0.{i}.0/24; zone {}{}{} }}",
            zones[i % 3],
            if public { "; public-ip on" } else { "" },
            if dual && i % 4 < 2 {
                "; ipv6-on-launch on"
            } else {
                ""
            }
        )
        .unwrap();
    }
    for z in 0..3 {
        writeln!(
            s,
            "eip nat-ip-{z} {{}}\nnat-gateway nat-{z} {{ subnet s{}; eip nat-ip-{z} }}",
            z * 2
        )
        .unwrap();
    }
    let public: Vec<String> = (0..SUBNETS).step_by(2).map(|i| format!("s{i}")).collect();
    writeln!(
        s,
        "route-table public-rt {{\n  vpc main\n  subnets {}\n  route 0.0.0.0/0 -> igw\n{}}}",
        public.join(", "),
        v6("  route ::/0 -> igw\n")
    )
    .unwrap();
    for z in 0..3 {
        let private: Vec<String> = (0..SUBNETS)
            .filter(|i| i % 2 == 1 && i % 3 == z)
            .map(|i| format!("s{i}"))
            .collect();
        writeln!(
            s,
            "route-table private-rt-{z} {{\n  vpc main\n  subnets {}\n  route 0.0.0.0/0 -> nat-{z}\n{}}}",
            private.join(", "),
            v6("  route ::/0 -> eigw\n")
        )
        .unwrap();
    }
    // One ACL per subnet: a realistic mix of service, admin and reply rules,
    // some denies.
    for i in 0..SUBNETS {
        writeln!(s, "network-acl acl{i} {{\n  vpc main\n  subnets s{i}").unwrap();
        let mut n = 100;
        if i % 7 == 0 {
            writeln!(s, "  inbound {n} deny tcp 0-65535 from 198.51.100.0/24").unwrap();
            n += 10;
        }
        for port in [22, 80, 443, 5432, 8080] {
            let src = if i % 2 == 0 && (port == 80 || port == 443) {
                "0.0.0.0/0".to_string()
            } else {
                "10.0.0.0/16".to_string()
            };
            writeln!(s, "  inbound {n} allow tcp {port} from {src}").unwrap();
            n += 10;
        }
        writeln!(s, "  inbound {n} allow tcp 1024-65535 from 0.0.0.0/0").unwrap();
        if dual {
            n += 10;
            if i % 2 == 0 {
                writeln!(s, "  inbound {n} allow tcp 443 from ::/0").unwrap();
                n += 10;
            }
            writeln!(s, "  inbound {n} allow tcp 1024-65535 from ::/0").unwrap();
        }
        let mut n = 100;
        for port in [80, 443] {
            writeln!(s, "  outbound {n} allow tcp {port} to 0.0.0.0/0").unwrap();
            n += 10;
        }
        writeln!(s, "  outbound {n} allow tcp 0-65535 to 10.0.0.0/16").unwrap();
        n += 10;
        writeln!(s, "  outbound {n} allow tcp 32768-65535 to 0.0.0.0/0").unwrap();
        if dual {
            writeln!(s, "  outbound {} allow tcp 0-65535 to ::/0", n + 10).unwrap();
        }
        s.push_str("}\n");
    }
    // Security groups: CIDR rules and references to other groups.
    s.push_str("security-group bastion-sg {\n  vpc main\n  description \"bastions\"\n  ingress tcp 22 from 203.0.113.0/24\n}\n");
    for g in 0..GROUPS - 1 {
        writeln!(
            s,
            "security-group g{g} {{\n  vpc main\n  description \"group {g}\""
        )
        .unwrap();
        let rules = 2 + r.next(4);
        for _ in 0..rules {
            let port = [22, 80, 443, 3306, 5432, 6379, 8080, 9000][r.next(8)];
            match r.next(4) {
                0 if dual && r.next(2) == 0 => {
                    writeln!(s, "  ingress tcp {port} from ::/0").unwrap()
                }
                0 => writeln!(s, "  ingress tcp {port} from 0.0.0.0/0").unwrap(),
                1 => {
                    writeln!(s, "  ingress tcp {port} from 10.0.{}.0/24", r.next(SUBNETS)).unwrap()
                }
                2 => writeln!(s, "  ingress tcp {port} from g{}", r.next(GROUPS - 1)).unwrap(),
                _ => writeln!(s, "  ingress tcp 22 from bastion-sg").unwrap(),
            }
        }
        if r.next(3) == 0 {
            writeln!(
                s,
                "  egress tcp 443 to 0.0.0.0/0\n  egress tcp 0-65535 to 10.0.0.0/16"
            )
            .unwrap();
        }
        s.push_str("}\n");
    }
    // Instances: ten per subnet, one or two groups each; bastions first.
    for i in 0..INSTANCES {
        let subnet = i % SUBNETS;
        if i < BASTIONS {
            let subnet = (i * 2) % SUBNETS;
            writeln!(
                s,
                "instance i{i} {{ subnet s{subnet}; ami {ami}; type t3.micro; security-groups bastion-sg; key-pair admin; role bastion }}"
            )
            .unwrap();
            continue;
        }
        let a = r.next(GROUPS - 1);
        let groups = if r.next(2) == 0 {
            format!("g{a}")
        } else {
            format!("g{a}, g{}", r.next(GROUPS - 1))
        };
        let key = if r.next(2) == 0 { "; key-pair app" } else { "" };
        writeln!(
            s,
            "instance i{i} {{ subnet s{subnet}; ami {ami}; type t3.micro; security-groups {groups}{key} }}"
        )
        .unwrap();
    }
    // Load balancers in two public subnets, each forwarding to a target
    // group of static instances and an Auto Scaling group.
    for l in 0..LBS {
        let (a, b) = ((l * 4) % SUBNETS, (l * 4 + 2) % SUBNETS);
        let sg = r.next(GROUPS - 1);
        writeln!(
            s,
            "load-balancer lb{l} {{\n  type application\n  subnets s{a}, s{b}\n  security-groups g{sg}\n  listener http 80 -> tg{l}\n{}}}",
            v6("  ip-address-type dualstack\n")
        )
        .unwrap();
        let targets: Vec<String> = (0..5)
            .map(|k| format!("i{}", BASTIONS + (l * 37 + k * 11) % (INSTANCES - BASTIONS)))
            .collect();
        writeln!(
            s,
            "target-group tg{l} {{ vpc main; protocol http; port 8080; health-check http /health; targets {} }}",
            targets.join(", ")
        )
        .unwrap();
    }
    for a in 0..ASGS {
        let g = r.next(GROUPS - 1);
        writeln!(
            s,
            "launch-template lt{a} {{ ami {ami}; type t3.small; security-groups g{g}; key-pair app }}"
        )
        .unwrap();
        writeln!(
            s,
            "auto-scaling-group asg{a} {{\n  launch-template lt{a}\n  subnets s{}, s{}\n  min 2\n  max 6\n  target-groups tg{}\n  health-check elb\n}}",
            (a * 2 + 1) % SUBNETS,
            (a * 2 + 3) % SUBNETS,
            a % LBS
        )
        .unwrap();
    }
    s
}

fn bench(c: &mut Criterion) {
    for dual in [false, true] {
        bench_network(c, dual);
    }
}

fn bench_network(c: &mut Criterion, dual: bool) {
    let src = network(dual);
    let (model, topo) = match netlint::check::load(&src) {
        Ok(mt) => mt,
        Err(d) => panic!("generated network has errors: {:?}", &d[..d.len().min(3)]),
    };
    let x_rules: Vec<_> = RULES
        .iter()
        .filter(|r| {
            r.code.area() == Area::Reachability || matches!(r.code.as_str(), "N407" | "I505")
        })
        .collect();
    {
        let an = Analysis::new(&model, &topo);
        let diags = netlint::check::check_source(&src, &netlint::settings::Settings::default());
        eprintln!(
            "generated network: {} instances, {} security groups, {} network ACLs, {} interface classes, {} diagnostics",
            model.instances.len(),
            model.security_groups.len(),
            model.network_acls.len(),
            an.classes().list.len(),
            diags.len()
        );
    }
    let mut g = c.benchmark_group(if dual { "reach-dualstack" } else { "reach" });
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("classes", |b| {
        b.iter(|| {
            let an = Analysis::new(&model, &topo);
            an.classes().list.len()
        })
    });
    for rule in &x_rules {
        let check = rule.check;
        g.bench_function(rule.code.as_str(), |b| {
            b.iter(|| {
                let an = Analysis::new(&model, &topo);
                let cx = Context::new(&model, &topo, &an);
                check(&cx);
                cx.into_diagnostics().len()
            })
        });
    }
    g.bench_function("all X rules", |b| {
        b.iter(|| {
            let an = Analysis::new(&model, &topo);
            let cx = Context::new(&model, &topo, &an);
            for r in RULES.iter().filter(|r| r.code.area() == Area::Reachability) {
                (r.check)(&cx);
            }
            cx.into_diagnostics().len()
        })
    });
    g.bench_function("check (parse, resolve, every rule)", |b| {
        b.iter(|| netlint::check::check_source(&src, &netlint::settings::Settings::default()).len())
    });
    g.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let Some(out) = args.get(i + 1) else {
            eprintln!("usage: reach --write FILE [dualstack]");
            std::process::exit(2);
        };
        let dual = args.get(i + 2).is_some_and(|a| a == "dualstack");
        if let Err(e) = std::fs::write(out, network(dual)) {
            eprintln!("cannot write {out}: {e}");
            std::process::exit(2);
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
