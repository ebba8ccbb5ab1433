# A service added to a VPC that exists (vpc-0a1b2c3d4e5f60789, not managed
# here). It pulls from an ECR repository and reads a secret that the account
# has but this configuration does not manage. The plan alone cannot show the
# repository's and the secret's policies, the network ACL of the new subnet
# or the endpoints of the VPC. plan.json is `terraform show -json` of a real
# `terraform plan -refresh=false` with the AWS provider 5.100.0.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "ap-northeast-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

locals {
  vpc_id     = "vpc-0a1b2c3d4e5f60789"
  secret_arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:ledger/db-AbCdEf"
}

resource "aws_subnet" "public" {
  vpc_id            = local.vpc_id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "ap-northeast-1a"
}

resource "aws_internet_gateway" "gw" {
  vpc_id = local.vpc_id
}

resource "aws_route_table" "public" {
  vpc_id = local.vpc_id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "task" {
  name   = "ledger-task"
  vpc_id = local.vpc_id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_role" "execution" {
  name = "ledger-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "secret" {
  name = "read-db-secret"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:ledger/db-*" }]
  })
}

resource "aws_cloudwatch_log_group" "ledger" {
  name = "/ecs/ledger"
}

resource "aws_ecs_cluster" "main" {
  name = "ledger"
}

resource "aws_ecs_task_definition" "ledger" {
  family                   = "ledger"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name      = "ledger"
    image     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/ledger:1.4.2"
    essential = true
    secrets   = [{ name = "DB_PASSWORD", valueFrom = local.secret_arn }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.ledger.name
        "awslogs-region"        = "ap-northeast-1"
        "awslogs-stream-prefix" = "ledger"
      }
    }
  }])
}

resource "aws_ecs_service" "ledger" {
  name            = "ledger"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.ledger.arn
  desired_count   = 1
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = [aws_subnet.public.id]
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = true
  }
}
