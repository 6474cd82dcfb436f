"""Reading the warehouse: named queries, keyword search, exports, the read-only snapshot and
the chart page. Everything here opens the warehouse read-only (or a snapshot of it), so it
never takes the write lock a flow needs. DuckDB lets one process write and nobody else open
the file at the same time; `publish_snapshot` writes a copy that readers can open while a run
writes.

reading.py opens a warehouse; queries.py runs named queries and formats rows; search.py is
keyword in context; snapshot.py writes snapshots and exports; charts.py the HTML page.
"""
