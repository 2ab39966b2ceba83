"""Property-based fuzzing (hypothesis) over every reader: mutated seed and Office files, and random
bytes, each read in a child process with a memory cap and a time bound. Every input ends in a
table, or one InputError; never another exception, never past the bounds. The input count is printed."""

import json
import subprocess
import sys
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, WUJIN, ZHONGLOU
from tests_builders import make_docx, make_xlsx, simple_rows

PER_INPUT_S = 5.0
MEMORY_BYTES = 1500 * 1024 * 1024  # address space of the child (libraries map far more than they use)
PEAK_RSS_MB = 500

WORKER = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
from pipeline.errors import GovTasksError
from pipeline.extract import extract
out = []
for path in sys.argv[1:]:
    start = time.perf_counter()
    try:
        extract(path)
        kind = "ok"
    except GovTasksError as exc:
        kind = "input_error"
    except MemoryError:
        kind = "memory"
    except Exception as exc:
        kind = "bug: " + type(exc).__name__ + ": " + str(exc)[:200]
    hwm = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM"))  # this process's own peak (kB)
    out.append({{"path": path, "kind": kind, "s": time.perf_counter() - start, "rss_mb": hwm / 1024}})
print(json.dumps(out))
"""


def _seeds(tmp):
    docx = make_docx(tmp / "seed.docx", simple_rows())
    xlsx = make_xlsx(tmp / "seed.xlsx", simple_rows())
    return {".txt": WUJIN.read_bytes()[:6000], ".tsv": ZHONGLOU.read_bytes()[:6000], ".csv": "序号,工作内容,牵头单位\n1,新增公共停车泊位1500个,城管局\n".encode("gb18030"), ".docx": docx.read_bytes(), ".xlsx": xlsx.read_bytes(), ".pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"}


def _mutate_zip(data: bytes, edits: list[tuple[int, int]], tmp, name: str) -> bytes:
    """Flip bytes inside the XML parts of an Office file (the container stays readable)."""
    src = tmp / f"{name}.src"
    src.write_bytes(data)
    out = tmp / f"{name}.zip"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for k, item in enumerate(zin.infolist()):
            body = bytearray(zin.read(item.filename))
            if item.filename.endswith(".xml") and body:
                for pos, val in edits:
                    body[pos % len(body)] = val
            zout.writestr(item, bytes(body))
    return out.read_bytes()


inputs = st.tuples(
    st.sampled_from([".txt", ".tsv", ".csv", ".docx", ".xlsx", ".pdf"]),
    st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=0, max_size=12),
    st.booleans(),  # random bytes instead of a mutated seed
    st.binary(min_size=0, max_size=2000),
)

SEEN: list = []


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(inputs)
def test_collect_fuzz_inputs(tmp_path_factory, case):
    tmp = tmp_path_factory.mktemp("fuzz")
    suffix, edits, random_bytes, blob = case
    seeds = _seeds(tmp)
    if random_bytes:
        data = blob
    elif suffix in (".docx", ".xlsx"):
        data = _mutate_zip(seeds[suffix], edits, tmp, "m")
    else:
        data = bytearray(seeds[suffix])
        for pos, val in edits:
            data[pos % len(data)] = val
        data = bytes(data)
    path = tmp / f"input{len(SEEN)}{suffix}"
    path.write_bytes(data)
    SEEN.append(str(path))


def test_every_fuzz_input_ends_cleanly_within_bounds(capsys):
    assert len(SEEN) >= 50, "the collecting test runs first"
    code = WORKER.format(mem=MEMORY_BYTES)
    results = []
    for start in range(0, len(SEEN), 20):
        chunk = SEEN[start : start + 20]
        r = subprocess.run([sys.executable, "-c", code, *chunk], capture_output=True, text=True, cwd=ROOT, timeout=PER_INPUT_S * len(chunk) + 30)
        assert r.returncode == 0, r.stderr[-800:]
        results += json.loads(r.stdout.strip().splitlines()[-1])
    kinds = {}
    for x in results:
        kinds[x["kind"].split(":")[0]] = kinds.get(x["kind"].split(":")[0], 0) + 1
    with capsys.disabled():  # shown in CI's log, passing or not
        print(f"\nfuzz: {len(results)} inputs through every reader: {kinds}")
    bugs = [x for x in results if x["kind"].startswith(("bug", "memory"))]
    assert not bugs, bugs[:3]
    assert max(x["s"] for x in results) < PER_INPUT_S and max(x["rss_mb"] for x in results) < PEAK_RSS_MB
