"""Integer columns asked for values no such column can hold."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import IntegerField
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """Django's `in` for integer columns, leaving out numbers past the column's range.

    Django's own `exact`, `lt` and `gt` already treat such a number as matching nothing; `in`
    passes it on, and SQLite fails on it (OverflowError): a form's choice of themes sent as
    99999999999999999999 was a server error instead of "Select a valid choice".
    """

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, Any]:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().as_sql(compiler, connection)
