"""Parses SQL statements with a current ClickHouse (chDB, libchdb.so) without running them.

Usage: chdb_explain.py LIBCHDB STATEMENTS_FILE
STATEMENTS_FILE holds statements separated by a line with only "-- next". Each one goes through
EXPLAIN AST, so statements needing a cluster or Keeper (ON CLUSTER, Replicated* engines) are checked
for syntax only. Prints one "FAIL <first line>: <error>" per statement that does not parse and a
last line "<n> statements, <m> failed"; exit 1 when any failed. A separate process so that chDB's
signal handlers never meet the JVM's.
"""
import ctypes
import sys
import tempfile

lib = ctypes.CDLL(sys.argv[1])
lib.chdb_connect.restype = ctypes.c_void_p
lib.chdb_connect.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
lib.chdb_query.restype = ctypes.c_void_p
lib.chdb_query.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
lib.chdb_result_error.restype = ctypes.c_char_p
lib.chdb_result_error.argtypes = [ctypes.c_void_p]
lib.chdb_destroy_query_result.argtypes = [ctypes.c_void_p]

path = tempfile.mkdtemp(prefix="chdb-explain-")
argv = (ctypes.c_char_p * 2)(b"clickhouse", ("--path=" + path).encode())
handle = lib.chdb_connect(2, argv)
if not handle:
    print("cannot start chDB")
    sys.exit(2)
connection = ctypes.cast(handle, ctypes.POINTER(ctypes.c_void_p)).contents.value

statements = [s.strip() for s in open(sys.argv[2], encoding="utf-8").read().split("\n-- next\n")]
statements = [s for s in statements if s]
failed = 0
for statement in statements:
    result = lib.chdb_query(connection, ("EXPLAIN AST " + statement).encode(), b"TSV")
    error = lib.chdb_result_error(result)
    if error:
        failed += 1
        first = statement.splitlines()[0]
        print("FAIL " + first + ": " + error.decode(errors="replace").splitlines()[0])
    lib.chdb_destroy_query_result(result)
print("%d statements, %d failed" % (len(statements), failed))
sys.exit(1 if failed else 0)
