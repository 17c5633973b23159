"""Canned Cypher reports: one `NAME.cypher` file per report, listed and run through `queries.runner`."""
from queries.runner import Param, Report, ReportError, get_report, list_reports, parse_report, run_report

__all__ = ["Param", "Report", "ReportError", "get_report", "list_reports", "parse_report", "run_report"]
