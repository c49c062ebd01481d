//! Every bad input under `tests/fixtures/invalid/` fails the build with located, helpful
//! messages in French, the editors' language (snapshotted), exit code 1, and leaves the previous
//! output untouched.

mod common;

use common::Fixture;

fn check_invalid(name: &str) -> String {
    let site = Fixture::new(&format!("invalid/{name}"));
    if name == "huge-file" {
        // 20 MB of ordinary paragraphs, written here rather than committed.
        let paragraph = "Un paragraphe ordinaire, répété jusqu'à dépasser la limite de taille.\n\n";
        let body = paragraph.repeat(20_000_000 / paragraph.len() + 1);
        site.write(
            "content/articles/enorme.md",
            &format!("---\ntitle: Énorme\ndate: 2015-05-18\nauthor: A\n---\n{body}"),
        );
    }
    // A previous, good output that must survive the failed build.
    site.write("public/index.html", "ancien site");
    site.write("public/sitemap.xml", "<urlset/>");
    site.write("public/robots.txt", "User-agent: *");
    // As an editor reads it: in French, the default language.
    let out = site.run_fr(&["build"]);
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
        ["index.html", "robots.txt", "sitemap.xml"],
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
    yaml_alias_bomb_is_refused => "yaml-alias-bomb",
    yaml_deep_nesting_is_refused => "yaml-deep-nesting",
    binary_file_named_md => "binary-file",
    invalid_utf8_gives_the_byte_offset => "invalid-utf8",
    utf16_file => "utf16",
    file_over_the_size_limit => "huge-file",
    slug_leaving_the_output => "invalid-slug",
    absolute_slug => "absolute-slug",
    nul_in_slug => "nul-in-slug",
    unknown_template_filter => "unknown-filter",
    circular_template_include => "circular-include",
    toml_syntax_error => "toml-syntax",
    toml_unknown_key => "toml-unknown-key",
    toml_wrong_type => "toml-wrong-type",
    base_url_with_another_scheme => "bad-base-url",
    one_term_two_spellings => "term-spelling",
    unknown_article_kind => "unknown-kind",
    image_without_text_alternative => "image-without-alt",
    image_that_does_not_exist => "image-missing",
    comments_without_their_article => "orphan-comments",
    markdown_outside_the_published_folders => "misplaced-file",
    image_outside_an_article_folder => "asset-outside-bundle",
    updated_before_publication => "updated-before-date",
    empty_title => "empty-title",
    front_matter_never_closed => "unclosed-front-matter",
    static_file_over_a_generated_page => "static-conflict",
    symbolic_link_outside_the_site => "symlink-outside",
    symbolic_link_loop => "symlink-loop",
    link_to_a_missing_article => "missing-link-target",
    alias_over_a_page_or_another_alias => "alias-collision",
    alias_leaving_the_output => "invalid-alias",
    alias_over_files_the_site_writes => "alias-over-files",
    every_error_of_a_file_with_its_unknown_pole => "error-and-unknown-pole",
    too_many_terms_on_one_article => "too-many-terms",
    image_over_http_or_another_scheme => "http-image",
    correction_dated_before_the_article => "correction-before-date",
    offset_or_hour_out_of_range => "offset-out-of-range",
    tab_indentation_in_front_matter => "tab-in-yaml",
    markdown_file_with_another_extension => "uppercase-extension",
    theme_that_is_not_a_folder_name => "theme-path",
    theme_linked_from_outside_the_site => "theme-link-outside",
    template_recursing_without_end => "template-recursion",
    title_lead_and_name_over_their_limits => "text-too-long",
    more_standalone_pages_than_allowed => "too-many-pages",
}

/// Reader comments are untrusted data: defective entries are left out with located warnings,
/// and the section is published.
#[test]
fn defective_comment_entries_are_warnings_not_errors() {
    let site = Fixture::new("comments-defective");
    let out = site.run_fr(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(site.public().join("articles/a/index.html").exists());
    insta::assert_snapshot!(stderr);
}

#[test]
fn an_output_folder_that_is_the_site_is_refused() {
    let site = Fixture::new("basic");
    for output in [".", "content", ".."] {
        let out = site.run(&["build", "--output", output]);
        assert_eq!(out.status.code(), Some(2), "--output {output}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("choose another folder with --output"),
            "{stderr}"
        );
    }
    assert!(
        site.root().join("content/articles/ancien.md").exists(),
        "nothing was deleted"
    );
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
