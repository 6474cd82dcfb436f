"""fazhi: a warehouse of Chinese governments' annual reports on 法治政府建设."""

__version__ = "0.2.0"
