"""Front matter is read safely: plain data, no YAML 1.1 surprises, lines kept."""

import pytest

from generator.content import safeyaml


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: NO", "NO"),
        ("a: on", "on"),
        ("a: yes", "yes"),
        ("a: 0123", "0123"),
        ("a: 1:20", "1:20"),
        ("a: 2022-02-30", "2022-02-30"),
        ("a: 2022-04-12", "2022-04-12"),
        ("a: 0x1F", "0x1F"),
        ("a: .inf", ".inf"),
        ("a: 12", 12),
        ("a: 1.5", 1.5),
        ("a: true", True),
        ("a: ~", None),
        ("a: '13800138000'", "13800138000"),
    ],
)
def test_scalars_follow_the_core_schema(text: str, expected: object) -> None:
    assert safeyaml.load(text).data == {"a": expected}


@pytest.mark.parametrize(
    "text, key, line",
    [
        ("a: &x 1\nb: *x", "yaml-anchor", 1),
        ("a: 1\nb: [1, *y]", "yaml-alias", 2),
        ("a: !!python/object/apply:os.system [ls]", "yaml-tag", 1),
        ("a: !!binary aGk=", "yaml-tag", 1),
        ("a: !custom x", "yaml-tag", 1),
        ("a: 1\nb: 2\na: 3", "yaml-duplicate-key", 3),
        ("<<: {a: 1}", "yaml-merge-key", 1),
        ("a: [1, 2\nb: 3", "yaml-syntax", 2),
        ("? [a, b]\n: c", "yaml-complex-key", 1),
    ],
)
def test_refused_constructs_name_their_line(text: str, key: str, line: int) -> None:
    with pytest.raises(safeyaml.YamlProblem) as err:
        safeyaml.load(text)
    assert (err.value.key, err.value.line) == (key, line)


def test_depth_is_bounded() -> None:
    text = "a: " + "[" * 40 + "]" * 40
    with pytest.raises(safeyaml.YamlProblem) as err:
        safeyaml.load(text)
    assert err.value.key == "yaml-too-deep"


def test_lines_point_into_the_file() -> None:
    located = safeyaml.load("title: x\nphotos:\n  - file: a.jpg\n    caption: b\n", first_line=2)
    assert located.lines[("title",)] == 2
    assert located.lines[("photos", 0, "caption")] == 5
    assert located.line_of(("photos", 0, "credit")) == 4
