//! `gen completions SHELL` and `gen man`: scripts each shell accepts, naming every command, and
//! a manual page.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .output()
        .expect("run gen")
}

#[test]
fn each_shell_gets_a_script_naming_every_command() {
    for (shell, marker) in [
        ("bash", "_gen()"),
        ("zsh", "#compdef gen"),
        ("fish", "complete -c gen"),
    ] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        for command in ["build", "serve", "check", "comments", "completions"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
    }
    // Bash reads the script without a syntax error.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.bash");
    std::fs::write(&path, run(&["completions", "bash"]).stdout).unwrap();
    let checked = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    // An unknown shell is a usage error that lists the known ones.
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bash") && err.contains("zsh"), "{err}");
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let out = run(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH gen 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"), "{page}");
    for command in ["build", "serve", "check", "comments"] {
        assert!(page.contains(command), "no {command} in {page}");
    }
}
