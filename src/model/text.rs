//! How the model's rules and routes read in messages: the direction words,
//! a rule's traffic, a whole SG rule, ACL rule or route. Written once here
//! so that every rule and every reachability explanation words them the
//! same way.

use super::{AclRule, Action, Direction, Model, Peer, PortRange, Protocol, Route, RouteTarget};
use super::{SgId, SgRule};
use std::fmt;

impl Direction {
    /// `inbound` / `outbound`: an ACL rule's list, and the way traffic
    /// crosses a security group or a subnet boundary.
    pub fn word(self) -> &'static str {
        match self {
            Direction::In => "inbound",
            Direction::Out => "outbound",
        }
    }

    /// `ingress` / `egress`: a security-group rule's keyword.
    pub fn sg_keyword(self) -> &'static str {
        match self {
            Direction::In => "ingress",
            Direction::Out => "egress",
        }
    }

    /// `from` / `to`: what a rule's peer is to the resource.
    pub fn preposition(self) -> &'static str {
        match self {
            Direction::In => "from",
            Direction::Out => "to",
        }
    }
}

impl Action {
    /// `allows` / `denies`.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Allow => "allows",
            Action::Deny => "denies",
        }
    }
}

/// A rule's protocol and ports as a rule writes them: `tcp 22`, `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Traffic {
    pub protocol: Protocol,
    pub ports: Option<PortRange>,
}

impl fmt::Display for Traffic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ports {
            Some(p) => write!(f, "{} {}", self.protocol, p),
            None => write!(f, "{}", self.protocol),
        }
    }
}

impl SgRule {
    /// Its protocol and ports: `tcp 22`, `all`.
    pub fn traffic(&self) -> Traffic {
        Traffic {
            protocol: self.protocol.node,
            ports: self.ports.map(|p| p.node),
        }
    }

    /// How the rule reads in the file, `self` named after the group that
    /// owns it: `ingress tcp 22 from bastion-sg`.
    pub fn text<'m>(&'m self, m: &'m Model, owner: SgId) -> SgRuleText<'m> {
        SgRuleText {
            m,
            owner,
            rule: self,
        }
    }
}

/// An SG rule as it reads in the file ([`SgRule::text`]).
pub struct SgRuleText<'m> {
    m: &'m Model,
    owner: SgId,
    rule: &'m SgRule,
}

impl fmt::Display for SgRuleText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.rule;
        let dir = r.direction.sg_keyword();
        let word = r.direction.preposition();
        let traffic = r.traffic();
        match r.peer.node {
            Peer::Cidr(n) => write!(f, "{dir} {traffic} {word} {n}"),
            Peer::Group(g) => write!(f, "{dir} {traffic} {word} {}", self.m[g].decl.name),
            Peer::SelfGroup => write!(
                f,
                "{dir} {traffic} {word} self ({})",
                self.m[self.owner].decl.name
            ),
            Peer::PrefixList(p) => write!(f, "{dir} {traffic} {word} {}", p.text(self.m)),
        }
    }
}

impl AclRule {
    /// Its protocol and ports: `tcp 22`, `all`.
    pub fn traffic(&self) -> Traffic {
        Traffic {
            protocol: self.protocol.node,
            ports: self.ports.map(|p| p.node),
        }
    }

    /// `inbound rule 100`.
    pub fn name(&self) -> String {
        format!("{} rule {}", self.direction.word(), self.number.node)
    }
}

/// How an ACL rule reads: `inbound rule 100 allows tcp 22 from 10.0.1.0/24`.
impl fmt::Display for AclRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rule {} {} {} {} {}",
            self.direction.word(),
            self.number.node,
            self.action.node.verb(),
            self.traffic(),
            self.direction.preposition(),
            self.cidr.node
        )
    }
}

impl RouteTarget {
    /// The name of the gateway a route sends to.
    pub fn name(self, m: &Model) -> &str {
        match self {
            RouteTarget::Igw(g) => &m[g].decl.name,
            RouteTarget::Nat(n) => &m[n].decl.name,
            RouteTarget::Eigw(g) => &m[g].decl.name,
            RouteTarget::Peering(p) => &m[p].decl.name,
            RouteTarget::Tgw(t) => &m[t].decl.name,
        }
    }
}

impl Route {
    /// How the route reads in the file: `route 0.0.0.0/0 -> igw`.
    pub fn text<'m>(&'m self, m: &'m Model) -> RouteText<'m> {
        RouteText { m, route: self }
    }
}

/// A route as it reads in the file ([`Route::text`]).
pub struct RouteText<'m> {
    m: &'m Model,
    route: &'m Route,
}

impl fmt::Display for RouteText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "route {} -> {}",
            self.route.destination.node,
            self.route.target.node.name(self.m)
        )
    }
}
