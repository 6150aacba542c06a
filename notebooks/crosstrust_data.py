"""Where the notebooks' data is: ClickHouse, the training set, the CLI (docs/notebooks.md).

`./crosstrust notebooks run` sets the CROSSTRUST_* variables below for each notebook; run by hand,
set them yourself (e.g. CROSSTRUST_CLICKHOUSE_PORT to the native port of your ClickHouse).
"""

import os
import subprocess

import pandas as pd


def env(name, default=None):
    v = os.environ.get(name)
    return v if v not in (None, "") else default


HOME = env("CROSSTRUST_HOME", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATABASE = env("CROSSTRUST_CLICKHOUSE_DATABASE", "crosstrust")


def client():
    """A clickhouse-driver client (native protocol; works on 18.16 and current releases)."""
    from clickhouse_driver import Client

    return Client(
        host=env("CROSSTRUST_CLICKHOUSE_HOST", "127.0.0.1"),
        port=int(env("CROSSTRUST_CLICKHOUSE_PORT", "9000")),
        user=env("CROSSTRUST_CLICKHOUSE_USER", "default"),
        password=env("CROSSTRUST_CLICKHOUSE_PASSWORD", ""),
        database=DATABASE,
    )


def query(sql, params=None):
    """The rows of a SELECT as a DataFrame (Decimal columns stay Decimal: .astype(float) them)."""
    rows, columns = client().execute(sql, params or {}, with_column_types=True)
    return pd.DataFrame(rows, columns=[c for c, _ in columns])


def cli(*args):
    """Runs the crosstrust CLI and returns its stdout; raises on a non-zero exit.

    Under `notebooks run` it is the running JVM's own classpath (no rebuild); otherwise ./crosstrust.
    """
    java, cp = env("CROSSTRUST_JAVA"), env("CROSSTRUST_CLASSPATH")
    if java and cp:
        cmd = [java, "-Xmx512m", "-cp", cp, "io.crosstrust.deploy.cli.Crosstrust"]
    else:
        cmd = [os.path.join(HOME, "crosstrust")]
    done = subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("crosstrust %s failed (exit %d):\n%s%s"
                           % (" ".join(map(str, args)), done.returncode, done.stdout, done.stderr))
    return done.stdout
