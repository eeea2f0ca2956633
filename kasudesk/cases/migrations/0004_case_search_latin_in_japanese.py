"""Index Latin words written inside Japanese text on PostgreSQL.

PostgreSQL's text-search parser glues a Latin word to the Japanese next to
it ("店のSNSに" is one token), so a search for "SNS" missed it. The index now
covers the text with a space put between Latin letters or digits and any
character outside printable ASCII, in both orders; two passes because one
pass cannot split a character that sits between two Latin words ("AとB").
kasudesk/cases/search.py must write the expression exactly as here for the
planner to use the index. SQLite's trigram index needs no change.
"""

from django.db import migrations

SPACED = (
    "regexp_replace(regexp_replace(summary || ' ' || narrative,"
    r" '([^ -~])([A-Za-z0-9])', '\1 \2', 'g'),"
    r" '([A-Za-z0-9])([^ -~])', '\1 \2', 'g')"
)

NEW_INDEX = f"""
CREATE INDEX IF NOT EXISTS cases_case_fts_gin ON cases_case
USING gin (to_tsvector('simple', {SPACED}))
"""

OLD_INDEX = """
CREATE INDEX IF NOT EXISTS cases_case_fts_gin ON cases_case
USING gin (to_tsvector('simple', summary || ' ' || narrative))
"""


def _replace_index(schema_editor, statement):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cases_case_fts_gin")
    schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _replace_index(schema_editor, NEW_INDEX)


def backwards(apps, schema_editor):
    _replace_index(schema_editor, OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_scope_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
