use super::*;

fn manifest(files: &[(&str, &str)]) -> Manifest {
    Manifest {
        generator: String::new(),
        files: files
            .iter()
            .map(|(path, hash)| {
                (
                    path.to_string(),
                    Entry {
                        sha256: hash.to_string(),
                        size: 1,
                    },
                )
            })
            .collect(),
    }
}

#[test]
fn plan_sends_new_and_changed_assets_before_pages_and_deletes_only_what_the_manifest_lists() {
    let local = manifest(&[
        ("index.html", "a2"),
        ("style.css", "c1"),
        ("photo.jpg", "p2"),
        ("new/index.html", "n1"),
        ("same.pdf", "s1"),
    ]);
    let remote = manifest(&[
        ("index.html", "a1"),
        ("style.css", "c1"),
        ("photo.jpg", "p1"),
        ("same.pdf", "s1"),
        ("gone/index.html", "g1"),
        ("../outside", "x"),
        (".gen-output", "x"),
    ]);
    let plan = plan(&local, &remote);
    assert_eq!(plan.upload, ["photo.jpg", "index.html", "new/index.html"]);
    assert_eq!(plan.delete, ["gone/index.html"]);
    assert_eq!(plan.unchanged, 2);
    let again = super::plan(&local, &local);
    assert!(again.upload.is_empty() && again.delete.is_empty());
    assert_eq!(again.unchanged, 5);
}

#[test]
fn headers_follow_the_kind_of_file_and_the_settings() {
    let config = DeployConfig {
        cache_media: "public, max-age=60".into(),
        ..DeployConfig::default()
    };
    let h = |p: &str| headers(p, &config);
    assert_eq!(h("a/index.html").content_type, "text/html; charset=utf-8");
    assert_eq!(
        h("a/index.html").cache_control,
        "public, max-age=0, must-revalidate"
    );
    assert_eq!(
        h("atom.xml").content_type,
        "application/atom+xml; charset=utf-8"
    );
    assert_eq!(
        h("sitemap.xml").content_type,
        "application/xml; charset=utf-8"
    );
    assert_eq!(h("main.js").content_type, "text/javascript; charset=utf-8");
    assert_eq!(
        h("style.css").cache_control,
        "public, max-age=31536000, immutable"
    );
    assert_eq!(h("p/photo.JPG").content_type, "image/jpeg");
    assert_eq!(h("p/photo.webp").content_type, "image/webp");
    assert_eq!(h("doc.pdf").content_type, "application/pdf");
    assert_eq!(h("font.woff2").content_type, "font/woff2");
    assert_eq!(h("logo.svg").content_type, "image/svg+xml");
    assert_eq!(h("doc.pdf").cache_control, "public, max-age=60");
    assert_eq!(h("robots.txt").content_type, "text/plain; charset=utf-8");
    assert_eq!(h("search.json").cache_control, config.cache_html);
}

#[test]
fn targets_are_read_and_credentials_in_them_refused_without_being_repeated() {
    assert_eq!(
        Target::parse("s3://bucket/industrie/").unwrap(),
        Target::S3 {
            bucket: "bucket".into(),
            prefix: "industrie/".into()
        }
    );
    assert_eq!(
        Target::parse("s3://bucket").unwrap(),
        Target::S3 {
            bucket: "bucket".into(),
            prefix: String::new()
        }
    );
    assert_eq!(
        Target::parse("file:///srv/www").unwrap(),
        Target::File {
            path: "/srv/www".into()
        }
    );
    for bad in ["https://x/", "s3:///prefix", "file://host/x", "public"] {
        assert!(Target::parse(bad).is_err(), "{bad}");
    }
    let refused = Target::parse("s3://AKIDKEY:s3cr3t@bucket/").unwrap_err();
    for lang in [crate::messages::Lang::Fr, crate::messages::Lang::En] {
        let text = refused.render(lang);
        assert!(
            !text.contains("s3cr3t") && !text.contains("AKIDKEY"),
            "{text}"
        );
    }
}

#[test]
fn purge_paths_sit_under_the_base_url_with_folder_addresses() {
    let report = DeployReport {
        to_upload: vec!["a/index.html".into(), "style.css".into()],
        to_delete: vec!["old/index.html".into()],
        ..DeployReport::default()
    };
    assert_eq!(
        url_paths("https://example.org/industrie/", &report),
        [
            "/industrie/a/index.html",
            "/industrie/a/",
            "/industrie/style.css",
            "/industrie/old/index.html",
            "/industrie/old/"
        ]
    );
}

/// A symbolic link planted in a `file://` target (a folder pointing elsewhere) is never written
/// through: the put is refused and what the link points to is untouched.
#[cfg(unix)]
#[test]
fn a_folder_target_never_writes_through_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("index.html"), "someone else's").unwrap();
    std::os::unix::fs::symlink(&elsewhere, target.join("articles")).unwrap();
    let store = file::FileStore::new(&target);
    let headers = Headers {
        content_type: "text/html".into(),
        cache_control: "no-cache".into(),
    };
    for rel in ["articles/index.html", "articles/a/index.html"] {
        let refused = store.put(rel, b"ours", &headers).unwrap_err();
        assert_eq!(refused.why.key(), "deploy-file-not-a-folder");
    }
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("index.html")).unwrap(),
        "someone else's"
    );
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1);
    // A real folder is written as usual.
    store.put("pages/index.html", b"ours", &headers).unwrap();
    assert_eq!(
        std::fs::read(target.join("pages/index.html")).unwrap(),
        b"ours"
    );
}

/// A store in memory that deletes in batches and can be told to fail: `busy` keys fail with a
/// retryable failure that many times, `refused` keys always.
#[derive(Default)]
struct Batches {
    batches: Mutex<Vec<usize>>,
    busy: Mutex<BTreeMap<String, u32>>,
    refused: Vec<String>,
    gone: Mutex<Vec<String>>,
}

impl Store for Batches {
    fn get(&self, _: &str) -> Result<Option<Vec<u8>>, Failure> {
        Ok(None)
    }
    fn put(&self, _: &str, _: &[u8], _: &Headers) -> Result<(), Failure> {
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), Failure> {
        self.delete_batch(&[key.to_string()])
            .map(|failed| assert!(failed.is_empty()))
    }
    fn delete_batch(&self, keys: &[String]) -> Result<Vec<(String, Failure)>, Failure> {
        assert!(keys.len() <= BATCH);
        self.batches.lock().unwrap().push(keys.len());
        let mut failed = Vec::new();
        for key in keys {
            let mut busy = self.busy.lock().unwrap();
            if let Some(left) = busy.get_mut(key).filter(|left| **left > 0) {
                *left -= 1;
                let why = msg!("deploy-http-busy");
                failed.push((key.clone(), Failure { why, retry: true }));
            } else if self.refused.contains(key) {
                let why = msg!("deploy-http-key-refused", code = "AccessDenied");
                failed.push((key.clone(), Failure { why, retry: false }));
            } else {
                self.gone.lock().unwrap().push(key.clone());
            }
        }
        Ok(failed)
    }
    fn name(&self, key: &str) -> String {
        key.to_string()
    }
}

fn keys(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("articles/a{i}/index.html"))
        .collect()
}

#[test]
fn deletions_go_in_batches_and_keys_that_failed_are_tried_again() {
    let store = Batches::default();
    store
        .busy
        .lock()
        .unwrap()
        .insert("articles/a1500/index.html".into(), 2);
    let progress = Progress::default();
    delete_all(&store, &keys(2500), &progress).unwrap();
    let mut batches = store.batches.lock().unwrap().clone();
    batches.sort_unstable();
    // Three batches, then the busy key twice more on its own.
    assert_eq!(batches, [1, 1, 500, 1000, 1000]);
    assert_eq!(progress.deleted.load(Ordering::SeqCst), 2500);
    let mut gone = store.gone.lock().unwrap().clone();
    gone.sort();
    let mut all = keys(2500);
    all.sort();
    assert_eq!(gone, all);
}

#[test]
fn a_deletion_refused_or_busy_beyond_the_attempts_stops_and_is_named() {
    let store = Batches {
        refused: vec!["articles/a7/index.html".into()],
        ..Batches::default()
    };
    let progress = Progress::default();
    let why = delete_all(&store, &keys(10), &progress).unwrap_err();
    assert_eq!(why.key(), "deploy-delete-failed");
    assert!(
        format!("{why:?}").contains("articles/a7/index.html"),
        "{why:?}"
    );
    // A refusal is not tried again; the other keys went.
    assert_eq!(*store.batches.lock().unwrap(), [10]);
    assert_eq!(progress.deleted.load(Ordering::SeqCst), 9);

    let store = Batches::default();
    store
        .busy
        .lock()
        .unwrap()
        .insert("articles/a3/index.html".into(), ATTEMPTS);
    let progress = Progress::default();
    let why = delete_all(&store, &keys(5), &progress).unwrap_err();
    assert!(
        format!("{why:?}").contains("articles/a3/index.html"),
        "{why:?}"
    );
    assert_eq!(*store.batches.lock().unwrap(), [5, 1, 1]);
    assert_eq!(progress.deleted.load(Ordering::SeqCst), 4);
}
