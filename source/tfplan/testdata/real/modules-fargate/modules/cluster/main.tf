# An ECS cluster module in the shape of terraform-aws-modules/ecs
# modules/cluster.
variable "name" { type = string }

resource "aws_ecs_cluster" "this" {
  name = var.name
}

output "arn" {
  value = aws_ecs_cluster.this.arn
}

output "name" {
  value = aws_ecs_cluster.this.name
}
