from conftest import run_cli


def test_eval_writes_report(tmp_path):
    report = tmp_path / "REPORT.md"
    r = run_cli("eval", "--no-formats", "--report", report)
    assert r.returncode == 0, r.stderr
    text = report.read_text(encoding="utf-8")
    assert "| wujin_2026 | txt | 94 | 94 | 1.0000 |" in text
    assert "| zhonglou_2026 | txt | 85 | 85 | 1.0000 |" in text
    assert "uncertain" in text and "| targets |" in text
