"""Check the shape of a SARIF 2.1.0 report from kthread-audit.

Usage: check-sarif.py REPORT EXPECTED_RESULTS
Checks the fields code-scanning services require, that every result's rule
is declared and that every location is a relative URI with a region.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
expected = int(sys.argv[2])
assert report["version"] == "2.1.0", report["version"]
assert "sarif" in report["$schema"]
(run,) = report["runs"]
driver = run["tool"]["driver"]
assert driver["name"] == "kthread-audit"
rules = {rule["id"] for rule in driver["rules"]}
assert run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///")
results = run["results"]
assert len(results) == expected, "%d results, expected %d" % (len(results), expected)
for result in results:
    assert result["ruleId"] in rules, result["ruleId"]
    assert result["level"] == "warning"
    assert result["message"]["text"]
    for location in result["locations"] + result["relatedLocations"]:
        physical = location["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert physical["region"]["startLine"] > 0
        assert physical["region"]["startColumn"] > 0
print("sarif ok: %d results, %d rules" % (len(results), len(rules)))
