from django.db import models


class TaskWorker(models.Model):
    """A running background-task worker's sign of life, renewed every few seconds.

    A task still marked running whose worker has stopped renewing this has lost its worker
    midway (killed, or its machine gone): `task_worker.reclaim_orphaned_tasks` takes it back.
    Host and process id say which process to look at when one misbehaves.
    """

    worker_id = models.CharField(primary_key=True, max_length=64)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"worker {self.worker_id} (pid {self.pid} on {self.host})"
