"""Full-text search over case narratives, per database.

SQLite: an FTS5 external-content table with the trigram tokenizer (Japanese
has no spaces between words, so word tokenizers would index whole sentences),
kept in sync by triggers. SQLite rebuilds a table when a later migration
alters it, which drops its triggers: such a migration must call
``create_sqlite_triggers`` again (tests/cases/test_search.py checks they exist).

PostgreSQL: a GIN index on to_tsvector('simple', ...); the search function
falls back to LIKE for Japanese and short queries.
"""

from django.db import migrations

SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS cases_case_fts USING fts5(
    summary, narrative, content='cases_case', content_rowid='id', tokenize='trigram'
)
"""

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER IF NOT EXISTS cases_case_fts_ai AFTER INSERT ON cases_case BEGIN
        INSERT INTO cases_case_fts(rowid, summary, narrative)
        VALUES (new.id, new.summary, new.narrative);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS cases_case_fts_ad AFTER DELETE ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, summary, narrative)
        VALUES ('delete', old.id, old.summary, old.narrative);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS cases_case_fts_au AFTER UPDATE OF summary, narrative
    ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, summary, narrative)
        VALUES ('delete', old.id, old.summary, old.narrative);
        INSERT INTO cases_case_fts(rowid, summary, narrative)
        VALUES (new.id, new.summary, new.narrative);
    END
    """,
]

POSTGRES_INDEX = """
CREATE INDEX IF NOT EXISTS cases_case_fts_gin ON cases_case
USING gin (to_tsvector('simple', summary || ' ' || narrative))
"""


def create_sqlite_triggers(schema_editor):
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)
    schema_editor.execute("INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)
        create_sqlite_triggers(schema_editor)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in ("cases_case_fts_ai", "cases_case_fts_ad", "cases_case_fts_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DROP TABLE IF EXISTS cases_case_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_fts_gin")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
