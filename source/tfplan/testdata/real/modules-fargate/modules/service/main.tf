# An ECS service module in the shape of terraform-aws-modules/ecs
# modules/service: the subnets come in through var.subnet_ids, the
# network_configuration is a dynamic block over a local, the security
# group's egress rules a dynamic block over a map variable and its
# ingress rules for_each resources over another, and the task
# definition's container_definitions is a jsonencode of a for expression.
variable "name" { type = string }
variable "cluster_arn" { type = string }
variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "security_group_ids" {
  type    = list(string)
  default = []
}
variable "assign_public_ip" {
  type    = bool
  default = false
}
variable "network_mode" {
  type    = string
  default = "awsvpc"
}
variable "target_group_arn" {
  type    = string
  default = null
}
variable "container_definitions" {
  type = map(object({
    image         = string
    containerPort = number
  }))
}
variable "security_group_ingress_rules" {
  type = map(object({
    from_port                    = number
    to_port                      = number
    ip_protocol                  = string
    cidr_ipv4                    = optional(string)
    referenced_security_group_id = optional(string)
  }))
  default = {}
}
variable "security_group_egress_rules" {
  type = map(object({
    from_port       = number
    to_port         = number
    protocol        = string
    cidr_blocks     = optional(list(string))
    security_groups = optional(list(string))
  }))
  default = {}
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

locals {
  network_configuration = {
    assign_public_ip = var.assign_public_ip
    security_groups  = flatten(concat([try(aws_security_group.this[0].id, [])], var.security_group_ids))
    subnets          = var.subnet_ids
  }
}

resource "aws_iam_role" "task_exec" {
  name               = "${var.name}-exec"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "task_exec" {
  role       = aws_iam_role.task_exec.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/ecs/${var.name}"
  retention_in_days = 14
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = var.network_mode
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.task_exec.arn
  container_definitions = jsonencode([for name, c in var.container_definitions : {
    name         = name
    image        = c.image
    essential    = true
    portMappings = [{ containerPort = c.containerPort, protocol = "tcp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/aws/ecs/${var.name}"
        awslogs-region        = "eu-west-1"
        awslogs-stream-prefix = name
      }
    }
  }])
}

resource "aws_security_group" "this" {
  count = 1

  name   = "${var.name}-service"
  vpc_id = var.vpc_id

  dynamic "egress" {
    for_each = var.security_group_egress_rules
    content {
      from_port       = egress.value.from_port
      to_port         = egress.value.to_port
      protocol        = egress.value.protocol
      cidr_blocks     = egress.value.cidr_blocks
      security_groups = egress.value.security_groups
    }
  }
}

# The ingress rules are resources, one per element of the map, as the
# terraform-aws-modules/ecs service module writes them.
resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = { for k, v in var.security_group_ingress_rules : k => v if v != null }

  security_group_id            = aws_security_group.this[0].id
  from_port                    = each.value.from_port
  to_port                      = each.value.to_port
  ip_protocol                  = each.value.ip_protocol
  cidr_ipv4                    = each.value.cidr_ipv4
  referenced_security_group_id = each.value.referenced_security_group_id
}

resource "aws_ecs_service" "this" {
  count = 1

  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  dynamic "network_configuration" {
    for_each = var.network_mode == "awsvpc" ? [local.network_configuration] : []
    content {
      assign_public_ip = network_configuration.value.assign_public_ip
      security_groups  = network_configuration.value.security_groups
      subnets          = network_configuration.value.subnets
    }
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arn != null ? [var.target_group_arn] : []
    content {
      target_group_arn = load_balancer.value
      container_name   = keys(var.container_definitions)[0]
      container_port   = values(var.container_definitions)[0].containerPort
    }
  }
}

output "service_id" {
  value = try(aws_ecs_service.this[0].id, null)
}
