"""Plausibility (issue 14): figures that are well-formed but unlikely are named in their cell with
both numbers, as warnings that never block; clean generated years raise none.

The planted errors are written into copies of the samples with openpyxl and csv, and every value a
test expects is read from the files with openpyxl, or worked out by hand in the test.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from planting import plant, read_years, write_cell
from typer.testing import CliRunner

from danvan_cli import api
from danvan_cli.cli import app
from danvan_cli.issues import PLAUSIBILITY
from danvan_cli.spec import load_spec
from danvan_cli.spec.load import parse_spec
from danvan_cli.validation import plausibility

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ninh-binh"
runner = CliRunner()
FLAGS = ("value-jump", "outlier")  # the warnings; row-disappeared is information


# ------------------------------------------------------------------ the statistics, by hand

def test_modified_z_score_by_hand() -> None:
    """Nine peers 10..17 and 100: median 14, |x - 14| = 4 3 2 1 0 1 2 3 86, MAD = 2;
    z(100) = 0.6745 × 86 / 2 = 29.0, z(17) = 0.6745 × 3 / 2 = 1.01."""
    values = np.array([10, 11, 12, 13, 14, 15, 16, 17, 100], dtype=float)
    z, median, size = plausibility._robust_z(values, pd.Series(["xa"] * 9), min_peers=8)
    assert median[0] == 14 and size[0] == 9
    assert z[-1] == pytest.approx(0.6745 * 86 / 2)
    assert z[7] == pytest.approx(0.6745 * 3 / 2)


def test_not_judged_when_most_are_equal_or_too_few() -> None:
    equal = np.array([5, 5, 5, 5, 5, 5, 5, 5, 50], dtype=float)  # MAD 0: nothing is judged
    z, median, _ = plausibility._robust_z(equal, pd.Series(["xa"] * 9), min_peers=8)
    assert np.isnan(z).all() and np.isnan(median).all()
    few = np.array([10, 11, 12, 13, 14, 15, 100], dtype=float)  # 7 peers, fewer than 8
    z, _, _ = plausibility._robust_z(few, pd.Series(["xa"] * 7), min_peers=8)
    assert np.isnan(z).all()


# ------------------------------------------------------------------ a small year pair, by hand

UNITS = "code,name,level,parent_code,type\n37,Tỉnh Ninh Bình,tinh,,Tỉnh\n369,Thành phố Ninh Bình,huyen,37,Thành phố\n" + "".join(
    f"{14300 + i},Phường {i},xa,369,Phường\n" for i in range(10))
HEADER = "ma_don_vi,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,co_phan_cong_phu_trach_dan_van,so_cap_uy_vien_du_hop_hang_thang\n"


def _year(root: Path, year: int, sizes: list[int]) -> Path:
    folder = root / str(year)
    folder.mkdir(parents=True)
    rows = "".join(f"{14300 + i},{n},{n},1,{min(n, 1)}\n" for i, n in enumerate(sizes))
    (folder / "cap_uy.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_jump_band_and_floor(tmp_path: Path) -> None:
    """Committee sizes last year → this year: 12 → 3 (a quarter, but 9 apart: under the floor of
    10), 13 → 14, 20 → 70 (×3.5, 50 apart: a jump), 15 → 44 (×2.93: inside the band), 0 → 30 (from 0:
    news, not a typo), 16 → 0 (down to 0, 16 apart: a jump)."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    _year(tmp_path, 2022, [12, 13, 20, 15, 0, 16, 14, 13, 15, 14])
    this = _year(tmp_path, 2023, [3, 14, 70, 44, 30, 0, 14, 13, 15, 14])
    sub = api.validate([this])
    found = {(i.code, i.cell): i.message() for i in sub.issues
             if i.code in PLAUSIBILITY and i.column == "tong_so_cap_uy_vien"}
    jumps = {cell for code, cell in found if code == "value-jump"}
    assert jumps == {"B4", "B7"}, found  # rows 4 and 7 of the CSV: units 14302 and 14305
    assert "là 70, năm 2022 là 20 (gấp 3,5 lần)" in found[("value-jump", "B4")]
    assert "là 0, năm 2022 là 16 (giảm về 0)" in found[("value-jump", "B7")]
    english = {i.cell: i.message("en") for i in sub.issues if i.code == "value-jump" and i.column == "tong_so_cap_uy_vien"}
    assert "of Phường 2 is 70; in 2022 it was 20 (3.5 times as much)" in english["B4"]
    assert "of Phường 5 is 0; in 2022 it was 16 (down to 0)" in english["B7"]
    assert sub.count("error") == 0  # warnings never block: every row is scored
    off = api.validate([this], plausibility=False)
    assert not [i for i in off.issues if i.code in PLAUSIBILITY]


def test_outlier_named_with_the_peers_median(tmp_path: Path) -> None:
    """Ten wards of 13-17 members and one typed 150: median of the ten is 15 (13 14 14 15 15 15
    16 16 17 150 → (15 + 15) / 2), 150 is ten times it and far above the spread: an outlier."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    folder = _year(tmp_path, 2023, [13, 14, 14, 15, 15, 15, 16, 16, 17, 150])
    sub = api.validate([folder])
    outliers = [i for i in sub.issues if i.code == "outlier"]
    assert {(i.cell, i.column) for i in outliers} == {("B11", "tong_so_cap_uy_vien"), ("C11", "so_cap_uy_vien_guong_mau")}
    outliers.sort(key=lambda i: i.cell or "")
    assert "của Phường 9 là 150, khác xa các đơn vị cấp xã khác (trung vị 15, 10 đơn vị)" in outliers[0].message()
    assert "of Phường 9 is 150, far from the other units at commune level (median 15, 10 units)" in outliers[0].message("en")


def test_a_typo_that_breaks_a_rule_is_named_in_its_own_cell(tmp_path: Path) -> None:
    """Members attending typed 140 for 14 where the committee has 15: the rule (attending ≤ members)
    rejects the row; plausibility says which of its two cells is the odd one."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    folder = tmp_path / "2023"
    folder.mkdir()
    rows = "".join(f"{14300 + i},{15 + i % 3},{15 + i % 3},1,{12 + i % 3}\n" for i in range(9))
    (folder / "cap_uy.csv").write_text(HEADER + rows + "14309,15,15,1,140\n", encoding="utf-8")
    sub = api.validate([folder])
    row11 = {(i.code, i.column) for i in sub.issues if i.row == 11}
    assert ("rule", None) in {(c, None) for c, _ in row11}
    assert ("outlier", "so_cap_uy_vien_du_hop_hang_thang") in row11


# ------------------------------------------------------------------ planted in the samples

def _find(path: Path, sheet: str, code: str, header: str, extra: str | None = None) -> tuple[str, float]:
    """The cell (and its value) of unit ``code``'s row under ``header``, read with openpyxl or csv."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        col = rows[0].index(header)
        for r, row in enumerate(rows[1:], 2):
            if code in row:
                return f"{openpyxl.utils.get_column_letter(col + 1)}{r}", float(row[col])
        raise LookupError(code)
    ws = openpyxl.load_workbook(path)[sheet]
    col = next(c.column for row in ws.iter_rows(max_row=8) for c in row if c.value == header)
    for row in ws.iter_rows(min_row=1):
        texts = [str(c.value) for c in row if c.value is not None]
        if texts and texts[0] == code and (extra is None or extra in texts):
            cell = ws.cell(row=row[0].row, column=col)
            return cell.coordinate, float(cell.value)
    raise LookupError(code)


FILES = "Tổng số hồ sơ công việc, trừ hồ sơ mật"
DOCS = "Tổng số văn bản trao đổi, trừ văn bản mật"
SERVICES = "Số dịch vụ công đủ điều kiện cung cấp trực tuyến mức độ 4"
# (year, file, sheet, the row (unit code, and the village or organisation where the code has several
# rows), header, how: ×10, ×100, zero, or a figure copied from another row)
PLANTS = [
    (2023, "huyen_kim_son.xlsx", "Biểu 05", ("14629",), FILES, "x10"),
    (2023, "huyen_yen_mo.xlsx", "Biểu 09", ("14701", "Tổ dân phố 3"), "Số hộ gia đình", "x100"),
    (2024, "huyen_gia_vien.xlsx", "Biểu 01", ("14470",), "Tổng số cấp ủy viên", "x10"),
    (2023, "doanh_nghiep.csv", "", ("2700117655",), "so_lao_dong", "x10"),
    (2024, "huyen_hoa_lu.xlsx", "Biểu 05", ("14539",), DOCS, "zero"),  # 1.533 in 2023
    (2021, "thanh_pho_ninh_binh.xlsx", "Biểu 09", ("14320-01",), "Số mô hình tự quản hoạt động hiệu quả", "x10"),
    (2025, "xa_gia_hung.xlsx", "Biểu 05", ("14482",), SERVICES, "x10"),
    (2023, "huyen_nho_quan.xlsx", "Biểu 06", ("372", "Liên đoàn Lao động"), "Số cuộc giám sát", "x100"),
    (2023, "huyen_yen_khanh.xlsx", "Biểu 05", ("14566",), DOCS, "copied"),  # Yên Khánh's own figure, 7.149
    (2022, "huyen_kim_son.xlsx", "Biểu 01", ("14632",), "Số cấp ủy viên dự họp chi bộ/chi đoàn/chi hội hằng tháng", "x10"),
]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, str, str, str, float, float]]]:
    root = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(SAMPLES, root)
    done = []
    for year, file, sheet, (code, *extra), header, how in PLANTS:
        path = root / str(year) / file
        cell, before = _find(path, sheet, code, header, *extra)
        if how == "copied":  # the district's own row: Huyện Yên Khánh, 375
            _, after = _find(path, sheet, "375", header)
        else:
            after = {"x10": before * 10, "x100": before * 100, "zero": 0.0}[how]
        assert before >= 5 and after != before
        write_cell(root, year, file, sheet, cell, after)
        done.append((year, file, sheet, cell, before, after))
    return root, done


def _shown(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def test_planted_errors_are_named_in_their_cell(planted: tuple[Path, list]) -> None:
    root, done = planted
    found: dict[int, list[dict]] = {}
    for year in sorted({p[0] for p in done}):
        result = runner.invoke(app, ["validate", str(root / str(year)), "-f", "json"])
        assert result.exit_code in (0, 1), result.output
        found[year] = [i for i in json.loads(result.stdout)["issues"] if i["code"] in FLAGS]
    for year, file, sheet, cell, before, after in done:
        here = [i for i in found[year] if i["file"] == file and (i["sheet"] or "") == sheet and i["cell"] == cell]
        assert here, (year, file, sheet, cell, before, after)
        assert any(f"là {_shown(after)}," in i["message"] for i in here), here
    # one way or the other: the jump names last year's figure, the outlier the peers' median
    kim_son = next(i for i in found[2023] if i["file"] == "huyen_kim_son.xlsx" and i["code"] == "value-jump")
    assert "năm 2022 là" in kim_son["message"]


def test_planted_errors_elsewhere_raise_few_other_flags(planted: tuple[Path, list]) -> None:
    """Besides the planted cells, at most a handful of flags in the whole planted dataset."""
    root, done = planted
    at = {(y, f, c) for y, f, _, c, _, _ in done}
    others = []
    for year in range(2021, 2026):
        sub = api.validate([root / str(year)])
        others += [i for i in sub.issues if i.code in FLAGS and (year, i.file, i.cell) not in at]
    assert len(others) <= 2, [i.message() for i in others]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_planted_errors_are_caught(tmp_path: Path, seed: int) -> None:
    """Ten random errors (×10, ×100, a zero where last year had ≥ 100, a figure copied from a
    row 5 times larger or smaller) at a time, three times: at least 9 of 10 named in their cell.
    The misses this design accepts: a firm new this year (firms are compared only with
    their own past) and a figure under 5 typed ×10."""
    spec = load_spec(None)
    clean = read_years(SAMPLES, spec)
    root = tmp_path / "data"
    shutil.copytree(SAMPLES, root)
    plants = plant(root, spec, clean, 10, seed)
    caught = 0
    subs = read_years(root, spec)
    source = api.UnitSource(spec)
    source.combine(list(api.year_folders(root).values()))
    flagged = set()
    for year, sub in subs.items():
        for issue in plausibility.check(spec, sub, source.registry(root / str(year), year), subs.get(year - 1)):
            flagged.add((year, issue.file, issue.sheet or "", issue.cell, issue.column))
    for p in plants:
        caught += (p.year, p.file, p.sheet, p.cell, p.column) in flagged
    assert caught >= 9, plants


def test_clean_samples_raise_no_flags() -> None:
    """The five clean sample years: 0 flags among all the figures judged (false-alarm rate 0 of
    the 30 000-odd figures; the issue allows at most 2 on clean data of the same size)."""
    flags, judged = [], 0
    for year in range(2021, 2026):
        sub = api.validate([SAMPLES / str(year)])
        flags += [i for i in sub.issues if i.code in FLAGS]
        spec = load_spec(None)
        judged += sum(int(pd.to_numeric(f[c], errors="coerce").notna().sum())
                      for fid, f in sub.frames.items() for c in plausibility.numeric_columns(spec.forms[fid])
                      if c in f.columns)
    assert judged > 30_000
    assert flags == [], [i.message() for i in flags]


def test_clean_years_of_another_draw_raise_few_flags(tmp_path: Path) -> None:
    """The generator with another seed (other committees, files, villages, firms): at most 2
    flags over its five years (measured: 0 for seeds 1, 2 and 3)."""
    out = tmp_path / "seed7"
    code = ("import sys; sys.path.insert(0, 'samples'); import synthetic; synthetic.SEED = 7; import generate; "
            f"from pathlib import Path; generate.write_variant(Path({str(out)!r}), '2025-07', synthetic.YEARS)")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    flags = []
    for year in range(2021, 2026):
        flags += [i for i in api.validate([out / str(year)]).issues if i.code in FLAGS]
    assert len(flags) <= 2, [i.message() for i in flags]


# ------------------------------------------------------------------ over time, across units

def test_disappeared_firms_listed_per_district() -> None:
    """A firm of 2022 absent in 2023, found by its tax code in the two CSV files."""
    def codes(year: int) -> dict[str, str]:
        with (SAMPLES / str(year) / "doanh_nghiep.csv").open(encoding="utf-8-sig") as f:
            return {r["ma_so_thue"]: r["ma_don_vi"] for r in csv.DictReader(f)}
    gone = set(codes(2022)) - set(codes(2023))
    assert gone
    sub = api.validate([SAMPLES / "2023"])
    listed = " ".join(i.message() for i in sub.issues if i.code == "row-disappeared")
    assert all(code in listed for code in gone)
    assert all(i.severity == "info" for i in sub.issues if i.code == "row-disappeared")


def test_2025_units_are_not_compared_with_the_old_units_of_the_same_code() -> None:
    """Codes were reused in 2025 (14566 is another commune from 1/7/2025): no 2025 figure of a new
    commune is compared with a 2024 figure of the old commune that had its code."""
    sub = api.validate([SAMPLES / "2025"])
    assert not [i for i in sub.issues if i.code == "value-jump" and i.file != "doanh_nghiep.csv"]


def test_score_and_summary_carry_the_flags(planted: tuple[Path, list]) -> None:
    root, _ = planted
    card = api.score([root / "2023"])
    assert any(i.code in FLAGS for i in card.submission.issues)
    plain = api.score([root / "2023"], plausibility=False)
    assert not [i for i in plain.submission.issues if i.code in PLAUSIBILITY]
    assert [t.value for t in card.targets] == [t.value for t in plain.targets]  # warnings change no figure
    review = api.summary(root, year_to=2023)
    years = {y: [i for i in c.submission.issues if i.code in FLAGS] for y, c in review.scorecards.items()}
    assert years[2023] and years[2021]


def test_cli_switch(planted: tuple[Path, list]) -> None:
    root, _ = planted
    on = runner.invoke(app, ["validate", str(root / "2023"), "-f", "json"])
    off = runner.invoke(app, ["validate", str(root / "2023"), "-f", "json", "--no-plausibility"])
    codes_on = {i["code"] for i in json.loads(on.stdout)["issues"]}
    codes_off = {i["code"] for i in json.loads(off.stdout)["issues"]}
    assert "value-jump" in codes_on and not codes_off & set(PLAUSIBILITY)


# ------------------------------------------------------------------ the spec's block

BUNDLED = (ROOT / "targets.yaml").read_text(encoding="utf-8")


def test_spec_exceptions_must_name_number_columns() -> None:
    from danvan_cli.errors import SpecError

    wrong = BUNDLED.replace("so_dang_vien_moi: {scale: log}", "so_dang_vien_mo: {scale: log}")
    with pytest.raises(SpecError, match="so_dang_vien_mo"):
        parse_spec(wrong)
    text = BUNDLED.replace("so_dang_vien_moi: {scale: log}", "to_chuc_dang: {scale: log}")
    with pytest.raises(SpecError, match="không phải cột số"):
        parse_spec(text)
    with pytest.raises(SpecError, match="factor"):
        parse_spec(BUNDLED.replace("  factor: 3\n", "  factor: 0.5\n", 1))
    # a per-column bound of 0 would have fallen back to the default without a word
    with pytest.raises(SpecError, match="“z”"):
        parse_spec(BUNDLED.replace("so_dang_vien_moi: {scale: log}", "so_dang_vien_moi: {scale: log, z: 0}"))
    with pytest.raises(SpecError, match="“floor”"):
        parse_spec(BUNDLED.replace("so_dang_vien_moi: {scale: log}", "so_dang_vien_moi: {scale: log, floor: -1}"))


def test_spec_exception_switches_a_column_off(tmp_path: Path) -> None:
    """`peers: false` on the committee size: the ward typed 150 is no longer an outlier there."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    folder = _year(tmp_path, 2023, [13, 14, 14, 15, 15, 15, 16, 16, 17, 150])
    spec = tmp_path / "targets.yaml"
    spec.write_text(BUNDLED.replace("  columns:\n    chuyen_doi_so:",
                                    "  columns:\n    cap_uy:\n      tong_so_cap_uy_vien: {peers: false}\n    chuyen_doi_so:", 1),
                    encoding="utf-8")
    sub = api.validate([folder], targets=spec)
    assert [i.column for i in sub.issues if i.code == "outlier"] == ["so_cap_uy_vien_guong_mau"]


def test_firms_gone_go_to_their_districts_list() -> None:
    """`validate --split-by district`: Kim Sơn's workbook lists its firms of 2022 that are gone
    (2700585229 and 2700606446, absent from samples/ninh-binh/2023/doanh_nghiep.csv)."""
    from danvan_cli.render.validation_report import groups

    sub = api.validate([SAMPLES / "2023"])
    kim_son = next(g for g in groups(sub, api.names_for([SAMPLES / "2023"], sub)) if g.code == "376")
    gone = [i.message() for i in kim_son.issues if i.code == "row-disappeared"]
    assert len(gone) == 1 and "2700585229" in gone[0] and "2700606446" in gone[0]
