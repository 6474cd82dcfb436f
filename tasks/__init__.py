"""Pipeline stages, one module each: discover, fetch, clean, extract, load.

Each is plain functions over plain data; the Prefect wrappers live in flows/.
"""
