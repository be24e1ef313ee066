"""AWS resource types that may hold or move personal data, for honest coverage.

A scan that finds no problem is only reassuring for what it checked. This list names the
Terraform resource types of the AWS provider that store personal data (databases, buckets,
volumes, queues, caches, search domains, secrets) or send it somewhere (subscriptions,
delivery streams, replication). A scan reports every block of these types that no adapter
turns into state, so "no finding" never hides an unchecked store.
"""

from __future__ import annotations

PERSONAL_DATA_TYPES: frozenset[str] = frozenset(
    {
        # storage
        "aws_s3_bucket", "aws_s3_directory_bucket", "aws_s3_object", "aws_s3control_bucket",
        "aws_db_instance", "aws_rds_cluster", "aws_rds_global_cluster", "aws_db_snapshot",
        "aws_db_cluster_snapshot", "aws_dynamodb_table", "aws_dynamodb_global_table",
        "aws_dax_cluster", "aws_ebs_volume", "aws_ebs_snapshot", "aws_ebs_snapshot_copy",
        "aws_ebs_snapshot_import", "aws_instance",
        "aws_launch_template", "aws_launch_configuration", "aws_efs_file_system",
        "aws_fsx_lustre_file_system", "aws_fsx_windows_file_system", "aws_fsx_ontap_file_system",
        "aws_fsx_openzfs_file_system", "aws_elasticache_replication_group", "aws_elasticache_cluster",
        "aws_elasticache_serverless_cache", "aws_memorydb_cluster", "aws_opensearch_domain",
        "aws_elasticsearch_domain", "aws_opensearchserverless_collection", "aws_redshift_cluster",
        "aws_redshiftserverless_namespace", "aws_neptune_cluster", "aws_docdb_cluster",
        "aws_docdb_elastic_cluster", "aws_keyspaces_table", "aws_timestreamwrite_table",
        "aws_qldb_ledger", "aws_backup_vault", "aws_backup_plan", "aws_cloudwatch_log_group",
        "aws_glue_catalog_database", "aws_athena_workgroup", "aws_sagemaker_notebook_instance",
        "aws_workspaces_workspace", "aws_ecr_repository", "aws_codecommit_repository",
        "aws_ssm_parameter", "aws_secretsmanager_secret", "aws_cognito_user_pool",
        "aws_lambda_function", "aws_emr_cluster", "aws_eks_cluster", "aws_mq_broker",
        "aws_msk_cluster", "aws_msk_serverless_cluster",
        # messaging and movement
        "aws_sqs_queue", "aws_sns_topic", "aws_sns_topic_subscription", "aws_kinesis_stream",
        "aws_kinesis_firehose_delivery_stream", "aws_cloudwatch_log_subscription_filter",
        "aws_cloudwatch_log_destination", "aws_s3_bucket_replication_configuration",
        "aws_dms_replication_instance", "aws_dms_endpoint", "aws_datasync_task",
        "aws_transfer_server", "aws_appsync_graphql_api", "aws_lambda_function_url",
        "aws_cloudtrail", "aws_api_gateway_rest_api", "aws_apigatewayv2_api",
        "aws_cloudfront_distribution", "aws_lb", "aws_elb",
    }
)  # fmt: skip
