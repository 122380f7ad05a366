#!/usr/bin/env python3
"""Validates FHIR Bundles (JSON files) against the R4B models of fhir.resources.

A second opinion from outside Portico's own reader: every entry resource is parsed into its
resource type's pydantic model, so unknown elements, wrong cardinality, missing required
elements and malformed primitives (dates, instants, ids, decimals) are reported. It does not
check code values (not even required bindings such as Observation.status), FHIRPath invariants
or profiles (US Core).

    python3 -m venv ~/.cache/portico/venv
    ~/.cache/portico/venv/bin/pip install -r xtask/python/requirements.txt
    ~/.cache/portico/venv/bin/python xtask/python/validate_fhir.py FILE.json [FILE.json ...]

The demo patient's bundle is written for it by
`PORTICO_WRITE_DEMO_BUNDLE=/tmp/demo.json cargo test -p portico-domain --features test-util --lib write_demo_bundle`.

Prints `ok <file>: <n> entries` per valid file, the errors otherwise; exits 1 if any failed
(2 when given no file).
"""

import sys
from pathlib import Path

from pydantic import ValidationError

try:
    from fhir.resources.R4B.bundle import Bundle
except ImportError as exc:  # the package, or its R4B models, are missing
    sys.exit(f"fhir.resources with R4B models is needed: pip install -r requirements.txt ({exc})")


def validate(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        print(f"FAIL {path}: {exc}")
        return False
    try:
        bundle = Bundle.model_validate_json(text)
    except ValidationError as exc:
        print(f"FAIL {path}: {exc.error_count()} validation error(s)")
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            print(f"  {where}: {error['msg']}")
        return False
    except ValueError as exc:  # not JSON, or not a Bundle
        print(f"FAIL {path}: {exc}")
        return False
    print(f"ok {path}: {len(bundle.entry or [])} entries")
    return True


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    results = [validate(Path(arg)) for arg in argv]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
