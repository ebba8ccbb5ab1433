# A VPC whose CIDR IPAM assigns at apply (aws_vpc ipv4_ipam_pool_id and
# ipv4_netmask_length), a public subnet whose CIDR is cidrsubnet of it,
# and a service module whose security group's egress rule, a dynamic
# block, allows only the VPC's CIDR. The subnet and group link through
# module variables and resolve with the configuration; the egress rule's
# CIDR is computed from a value known only after apply, so whether the
# task reaches the internet stays unknown.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

resource "aws_vpc_ipam" "main" {
  operating_regions {
    region_name = "eu-west-1"
  }
}

resource "aws_vpc_ipam_pool" "main" {
  address_family = "ipv4"
  ipam_scope_id  = aws_vpc_ipam.main.private_default_scope_id
  locale         = "eu-west-1"
}

resource "aws_vpc" "main" {
  ipv4_ipam_pool_id    = aws_vpc_ipam_pool.main.id
  ipv4_netmask_length  = 16
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 8, 0)
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

module "service" {
  source = "./modules/service"

  name       = "ipam-app"
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.public.id]
  egress_rules = {
    vpc = { port = 443, cidr_blocks = [aws_vpc.main.cidr_block] }
  }
}
