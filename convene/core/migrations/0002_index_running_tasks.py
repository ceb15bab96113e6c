from django.db import migrations

# Every worker looks for tasks left running by a dead worker every few seconds. The queue's
# table keeps every finished task and indexes only those waiting, so without this each look
# would read the whole table; running tasks are a handful at any time.
INDEX = "core_tasks_running_since_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON django_tasks_database_dbtaskresult (started_at)"
            " WHERE status = 'RUNNING'",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
