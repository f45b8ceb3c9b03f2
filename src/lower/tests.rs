use super::*;

#[test]
fn kebab_case_of_logical_ids() {
    assert_eq!(kebab("PublicSubnetA"), "public-subnet-a");
    assert_eq!(kebab("VPC"), "vpc");
    assert_eq!(kebab("AppSGIngress1"), "app-sg-ingress1");
    assert_eq!(kebab("1Thing"), "r-1-thing");
}
