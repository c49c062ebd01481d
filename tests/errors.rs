//! Every bad input under `tests/fixtures/invalid/` fails the build with located, helpful
//! messages (snapshotted), exit code 1, and leaves the previous output untouched.

mod common;

use common::Fixture;

fn check_invalid(name: &str) -> String {
    let site = Fixture::new(&format!("invalid/{name}"));
    // A previous, good output that must survive the failed build.
    site.write("public/index.html", "ancien site");
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: exit code; stderr:\n{stderr}"
    );
    assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert_eq!(
        std::fs::read_to_string(site.public().join("index.html")).unwrap(),
        "ancien site"
    );
    assert_eq!(
        common::files(&site.public()),
        ["index.html"],
        "{name}: old output untouched"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gen-tmp") || n.contains("gen-old"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{name}: staging folders left behind: {leftovers:?}"
    );
    stderr
}

macro_rules! invalid {
    ($($test:ident => $fixture:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            insta::assert_snapshot!(check_invalid($fixture));
        }
    )*};
}

invalid! {
    yaml_syntax_error_points_at_the_file_line => "yaml-syntax",
    unquoted_colon_gets_a_quoting_hint => "yaml-colon",
    missing_title => "missing-title",
    impossible_date => "bad-date",
    unknown_key_suggests_the_nearest => "unknown-key",
    unknown_pole_suggests_the_nearest => "unknown-pole",
    duplicate_slug_names_both_files => "duplicate-slug",
    template_error_names_template_line_and_page => "template-error",
    template_syntax_error_names_template_and_line => "template-syntax",
    all_errors_of_all_files_in_one_run => "several",
    missing_front_matter => "missing-front-matter",
    bad_configuration_values => "bad-config",
}

#[test]
fn every_invalid_fixture_has_a_test() {
    let source = include_str!("errors.rs");
    for entry in std::fs::read_dir(common::repo().join("tests/fixtures/invalid")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            source.contains(&format!("=> \"{name}\"")),
            "tests/fixtures/invalid/{name} is not tested"
        );
    }
}
