#!/usr/bin/env bash
# Create or refresh .venv from requirements.lock. Safe to run repeatedly: it reinstalls only when the
# lock file changed. Needs only Python 3.11 and access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_BIN="${PYTHON:-}"
if [ -z "$PYTHON_BIN" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      PYTHON_BIN="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON_BIN" ]; then
  echo "Continuum needs Python 3.11 (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi

UV_VERSION="0.13.9"
stamp=".venv/.continuum-lock.sha256"
want="$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

echo "Setting up .venv from requirements.lock (first run takes a few minutes)..."
if [ ! -x .venv/bin/python ]; then
  "$PYTHON_BIN" -m venv .venv
fi
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  .venv/bin/python -m ensurepip --upgrade >/dev/null
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
.venv/bin/uv pip sync --quiet --python .venv/bin/python requirements.lock
.venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
echo "$want" > "$stamp"
echo "Environment ready: .venv"
