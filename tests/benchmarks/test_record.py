"""The table every benchmark appends to docs/performance.md."""

from benchmarks.record import markdown_table


def test_figures_are_right_aligned_and_words_left():
    table = markdown_table(
        ["page", "req/s", "baseline", "p99", "target", "met"],
        [
            ["overview", "29", "80 (baseline)", "600.0 ms", "≥ 0.6× baseline", "no"],
            ["payments", "58", "80 (baseline)", "401.0 ms", "≥ 0.6× baseline", "yes"],
        ],
    )

    assert table[0] == "| page | req/s | baseline | p99 | target | met |"
    assert table[1] == "| --- | ---: | ---: | ---: | --- | --- |"
    assert table[3] == (
        "| payments | 58 | 80 (baseline) | 401.0 ms | ≥ 0.6× baseline | yes |"
    )


def test_a_column_with_one_word_among_figures_stays_left():
    table = markdown_table(["run", "ratio"], [["first", "0.04"], ["second", "n/a"]])

    assert table[1] == "| --- | --- |"
