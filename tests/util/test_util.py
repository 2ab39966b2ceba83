"""pipeline.util: atomic writes (target untouched on failure, no .part left) and JSONL reading."""

import pytest

from pipeline.errors import InputError
from pipeline.util.atomic import atomic_path, part_path, write_bytes_atomic, write_text_atomic
from pipeline.util.jsonl import iter_jsonl, read_jsonl


# ---- atomic writes ------------------------------------------------------------------------------
def test_block_that_raises_leaves_target_and_no_part(tmp_path):
    target = tmp_path / "rows.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="half-way"):
        with atomic_path(target) as tmp:
            assert tmp == tmp_path / "rows.csv.part"
            tmp.write_text("new, half written", encoding="utf-8")
            raise RuntimeError("half-way")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]


def test_block_that_raises_creates_no_target(tmp_path):
    target = tmp_path / "new.xlsx"
    with pytest.raises(ValueError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"partial")
            raise ValueError("bad row")
    assert list(tmp_path.iterdir()) == []


def test_block_that_succeeds_replaces_target(tmp_path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # not replaced before the block ends
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]


def test_failed_rename_removes_part(tmp_path):
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        write_text_atomic(target, "text")
    assert (target / "inside").is_dir() and not part_path(target).exists()


def test_missing_folder_raises_and_leaves_nothing(tmp_path):
    target = tmp_path / "no-such-dir" / "rows.jsonl"
    with pytest.raises(FileNotFoundError):
        write_text_atomic(target, "{}\n")
    assert list(tmp_path.iterdir()) == []


def test_helpers_write_text_and_bytes(tmp_path):
    assert write_text_atomic(tmp_path / "a.csv", "任务", encoding="utf-8-sig") == tmp_path / "a.csv"
    assert (tmp_path / "a.csv").read_bytes() == "任务".encode("utf-8-sig")
    assert write_bytes_atomic(tmp_path / "b.bin", b"\x00\x01") == tmp_path / "b.bin"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.bin"]


def test_part_name_can_be_given(tmp_path):
    target = tmp_path / "ab12.json"
    with atomic_path(target, part=target.with_suffix(".part")) as tmp:
        assert tmp == tmp_path / "ab12.part"
        tmp.write_text("{}", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "{}" and not tmp.exists()


# ---- JSONL ---------------------------------------------------------------------------------------
def test_jsonl_skips_blank_lines_and_counts_them(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"a": 1}\n\n   \n[2, 3]\n"四"\n\n', encoding="utf-8")
    assert list(iter_jsonl(p)) == [(1, {"a": 1}), (4, [2, 3]), (5, "四")]
    assert read_jsonl(p) == [{"a": 1}, [2, 3], "四"]


def test_jsonl_accepts_a_bom(tmp_path):
    p = tmp_path / "bom.jsonl"
    p.write_bytes('{"question": "商务局牵头哪些任务"}\n'.encode("utf-8-sig"))
    assert read_jsonl(p) == [{"question": "商务局牵头哪些任务"}]


def test_jsonl_empty_file_is_empty(tmp_path):
    p = tmp_path / "empty.jsonl"
    p.write_text("\n\n", encoding="utf-8")
    assert read_jsonl(p) == []


def test_jsonl_bad_line_names_file_and_line(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"a": 1}\n\n{"a": 2,}\n{"a": 3}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_jsonl(p)
    assert info.value.path == f"{p}:3"
    assert str(info.value).startswith(f"{p}:3: not valid JSON (")
    assert str(info.value).endswith(" — write one JSON object per line")


def test_jsonl_bad_line_with_the_callers_hint(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text("not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"q\.jsonl:1: not valid JSON \(Expecting value\) — one question per line"):
        list(iter_jsonl(p, "one question per line"))


def test_gold_file_with_a_bad_line_is_input_error(tmp_path):
    from pipeline.evaluate.gold import load_gold

    p = tmp_path / "gold.jsonl"
    p.write_text("\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:2: not valid JSON"):
        load_gold(p)
