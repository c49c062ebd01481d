//! The inputs the fuzzers found interesting (`tests/fuzz/*.b64`, from `fuzz/`), replayed on every
//! test run: none may panic.

fn decode_base64(line: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(line.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in line.bytes().filter(|c| *c != b'=') {
        let value = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        buffer = buffer << 6 | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let path = format!("{}/tests/fuzz/{target}.b64", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(decode_base64)
        .collect()
}

#[test]
fn base64_decoder() {
    assert_eq!(decode_base64("TWFu"), b"Man");
    assert_eq!(decode_base64("TWE="), b"Ma");
    assert_eq!(decode_base64(""), b"");
}

#[test]
fn front_matter_corpus() {
    let inputs = inputs("frontmatter");
    assert!(inputs.len() > 1000, "the corpus is there");
    for input in &inputs {
        gensite::fuzzing::front_matter(input);
    }
}

#[test]
fn page_corpus() {
    let inputs = inputs("page");
    assert!(inputs.len() > 1000, "the corpus is there");
    for input in &inputs {
        gensite::fuzzing::page(input);
    }
}
