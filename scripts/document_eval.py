"""Reading documents, scored: every seed report made into each format a portal publishes
(PDF, DOCX, OFD, DOC, WPS, scanned PDF, page scans) and read back; character F1 against the
text put in, OCR confidence and seconds, and the labelled indicator values on which the OCR'd
report agrees with its text version.

    .venv/bin/python scripts/document_eval.py [--seed 003] [--format ofd ...]
"""
from __future__ import annotations

import argparse

from fazhi.evaluation.documents import OCR_FORMATS, SEED_CHROME, TEXT_FORMATS, evaluate_documents, format_documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", action="append", help="seed number (000-003); default all")
    parser.add_argument("--format", action="append", choices=TEXT_FORMATS + OCR_FORMATS)
    args = parser.parse_args()
    seeds = [f for f in SEED_CHROME if not args.seed or f[:3] in args.seed]
    result = evaluate_documents(tuple(seeds), tuple(args.format or TEXT_FORMATS + OCR_FORMATS))
    print(format_documents(result))


if __name__ == "__main__":
    main()
