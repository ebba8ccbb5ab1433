# The central-endpoints configuration with the VPCs joined by a transit
# gateway (both attached, routes to it in both VPCs) instead of peering.
#
# A Fargate service in a task VPC without NAT or endpoints of its own but
# an S3 gateway endpoint; ECR and CloudWatch Logs are reached through
# interface endpoints in a central endpoint VPC, over the transit gateway, with
# Route 53 private hosted zones for the service names (aliases to the
# endpoints) associated with the task VPC.
#
# Planned with make.sh (README.md); the plan carries no account: the
# image URIs use 111122223333, so run it with --account 111122223333.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}


resource "aws_vpc" "endpoints" {
  cidr_block           = "10.100.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "central-endpoints" }
}

resource "aws_subnet" "endpoints" {
  vpc_id            = aws_vpc.endpoints.id
  cidr_block        = "10.100.0.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_route_table" "endpoints" {
  vpc_id = aws_vpc.endpoints.id
}

resource "aws_route_table_association" "endpoints" {
  subnet_id      = aws_subnet.endpoints.id
  route_table_id = aws_route_table.endpoints.id
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.endpoints.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.task.cidr_block]
  }
}

locals {
  # service => the private hosted zone name and the record in it
  services = {
    "ecr.api" = { zone = "api.ecr.eu-west-1.amazonaws.com", record = "api.ecr.eu-west-1.amazonaws.com" }
    "ecr.dkr" = { zone = "dkr.ecr.eu-west-1.amazonaws.com", record = "*.dkr.ecr.eu-west-1.amazonaws.com" }
    "logs"    = { zone = "logs.eu-west-1.amazonaws.com", record = "logs.eu-west-1.amazonaws.com" }
  }
}

resource "aws_vpc_endpoint" "central" {
  for_each            = local.services
  vpc_id              = aws_vpc.endpoints.id
  service_name        = "com.amazonaws.eu-west-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  subnet_ids          = [aws_subnet.endpoints.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_route53_zone" "service" {
  for_each = local.services
  name     = each.value.zone
  vpc {
    vpc_id = aws_vpc.endpoints.id
  }
  lifecycle {
    ignore_changes = [vpc]
  }
}

resource "aws_route53_zone_association" "task" {
  for_each = local.services
  zone_id  = aws_route53_zone.service[each.key].zone_id
  vpc_id   = aws_vpc.task.id
}

resource "aws_route53_record" "service" {
  for_each = local.services
  zone_id  = aws_route53_zone.service[each.key].zone_id
  name     = each.value.record
  type     = "A"
  alias {
    name                   = aws_vpc_endpoint.central[each.key].dns_entry[0].dns_name
    zone_id                = aws_vpc_endpoint.central[each.key].dns_entry[0].hosted_zone_id
    evaluate_target_health = false
  }
}

resource "aws_vpc" "task" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "tasks" }
}

resource "aws_subnet" "task" {
  vpc_id            = aws_vpc.task.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_route_table" "task" {
  vpc_id = aws_vpc.task.id
}

resource "aws_route_table_association" "task" {
  subnet_id      = aws_subnet.task.id
  route_table_id = aws_route_table.task.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.task.id
  service_name      = "com.amazonaws.eu-west-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.task.id]
}

resource "aws_ec2_transit_gateway" "hub" {
  description = "hub"
}

resource "aws_ec2_transit_gateway_vpc_attachment" "task" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.task.id
  subnet_ids         = [aws_subnet.task.id]
}

resource "aws_ec2_transit_gateway_vpc_attachment" "endpoints" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.endpoints.id
  subnet_ids         = [aws_subnet.endpoints.id]
}

resource "aws_route" "task_to_endpoints" {
  route_table_id         = aws_route_table.task.id
  destination_cidr_block = aws_vpc.endpoints.cidr_block
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_route" "endpoints_to_task" {
  route_table_id         = aws_route_table.endpoints.id
  destination_cidr_block = aws_vpc.task.cidr_block
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_security_group" "task" {
  name   = "task"
  vpc_id = aws_vpc.task.id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_role" "execution" {
  name = "central-endpoints-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/ecs/central-endpoints"
}

resource "aws_ecs_cluster" "main" {
  name = "central-endpoints"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "central-endpoints-app"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name      = "app"
    image     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = "/ecs/central-endpoints"
        "awslogs-region"        = "eu-west-1"
        "awslogs-stream-prefix" = "app"
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 1
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = [aws_subnet.task.id]
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = false
  }
}

# The repository the image is pulled from; the image is named by its URI
# so that container_definitions stays known at plan time.
resource "aws_ecr_repository" "app" {
  name = "app"
}
