# A Fargate service built from local modules in the shape of the
# terraform-aws-modules examples/fargate example (modules vpc, alb,
# ecs cluster and ecs service; no code copied): the private subnets reach
# the service through module outputs and variables, the service's
# network_configuration is a dynamic block over a local, the security
# group's egress rules a dynamic block over a map variable and its ingress
# rules for_each resources whose referenced group is each.value. The
# subnets, groups and route tables are known only after apply. Planned twice:
# plan.json (a NAT gateway) and plan-no-nat.json (-var enable_nat_gateway=false).
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

variable "enable_nat_gateway" {
  type    = bool
  default = true
}

locals {
  name           = "ex-fargate"
  container_name = "frontend"
  container_port = 3000
}

module "vpc" {
  source = "./modules/vpc"

  name               = local.name
  cidr               = "10.0.0.0/16"
  azs                = ["eu-west-1a", "eu-west-1b"]
  private_subnets    = ["10.0.1.0/24", "10.0.2.0/24"]
  public_subnets     = ["10.0.101.0/24", "10.0.102.0/24"]
  enable_nat_gateway = var.enable_nat_gateway
  single_nat_gateway = true
}

module "alb" {
  source = "./modules/alb"

  name    = local.name
  vpc_id  = module.vpc.vpc_id
  subnets = module.vpc.public_subnets
  port    = local.container_port
}

module "ecs_cluster" {
  source = "./modules/cluster"

  name = local.name
}

module "ecs_service" {
  source = "./modules/service"

  name        = local.name
  cluster_arn = module.ecs_cluster.arn
  vpc_id      = module.vpc.vpc_id
  subnet_ids  = module.vpc.private_subnets

  container_definitions = {
    (local.container_name) = {
      image         = "public.ecr.aws/aws-containers/ecsdemo-frontend:776fd50"
      containerPort = local.container_port
    }
  }

  target_group_arn = module.alb.target_group_arn

  security_group_ingress_rules = {
    alb = {
      from_port                    = local.container_port
      to_port                      = local.container_port
      ip_protocol                  = "tcp"
      referenced_security_group_id = module.alb.security_group_id
    }
  }
  security_group_egress_rules = {
    all = {
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
