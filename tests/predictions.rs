//! Reading a user's predictions: formats, detection, and every refusal with
//! the exact message the page shows.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::lab::predictions::{
    check_size, format_bytes, parse, Failed, ParseOptions, Parsed, Parser, ScoreKind, ScoreMode,
    DEFAULT_MAX_BYTES,
};
use focal_loss_explorer::loss::logit;

fn read(text: &str) -> Parsed {
    read_with(text, ParseOptions::default())
}

fn read_with(text: &str, options: ParseOptions) -> Parsed {
    match parse(text.as_bytes(), options) {
        Ok(parsed) => parsed,
        Err(failed) => panic!("{text:?}: {failed}"),
    }
}

fn fail(bytes: &[u8]) -> Box<Failed> {
    fail_with(bytes, ParseOptions::default())
}

fn fail_with(bytes: &[u8], options: ParseOptions) -> Box<Failed> {
    match parse(bytes, options) {
        Ok(parsed) => panic!("{:?} was read: {parsed:?}", String::from_utf8_lossy(bytes)),
        Err(failed) => {
            assert_eq!(failed.partial.rows(), failed.error.rows_read);
            failed
        }
    }
}

fn message(bytes: &[u8]) -> String {
    fail(bytes).error.to_string()
}

fn logits(ps: &[f64]) -> Vec<f64> {
    ps.iter().map(|&p| logit(p)).collect()
}

fn columns(score: usize, label: usize) -> ParseOptions {
    ParseOptions {
        score_column: Some(score),
        label_column: Some(label),
        ..ParseOptions::default()
    }
}

// ------------------------------------------------------------- formats

#[test]
fn comma_with_header() {
    let p = read("score,label\n0.9,1\n0.2,0\n0.7,0\n");
    let layout = p.layout.as_ref().unwrap();
    assert_eq!(layout.delimiter, b',');
    assert_eq!(
        layout.header,
        Some(vec!["score".to_string(), "label".to_string()])
    );
    assert_eq!((layout.score_column, layout.label_column), (0, 1));
    assert_eq!(p.kind, ScoreKind::Probability);
    assert_eq!(p.positives, logits(&[0.9]));
    assert_eq!(p.negatives, logits(&[0.2, 0.7]));
}

#[test]
fn tab_and_semicolon() {
    for (text, delimiter) in [
        ("score\tlabel\n0.9\t1\n0.2\t0\n", b'\t'),
        ("score;label\n0.9;1\n0.2;0\n", b';'),
        ("0.9\t1\n0.2\t0", b'\t'),
        ("0.9;1\n0.2;0", b';'),
    ] {
        let p = read(text);
        assert_eq!(p.layout.as_ref().unwrap().delimiter, delimiter, "{text:?}");
        assert_eq!(p.positives, logits(&[0.9]));
        assert_eq!(p.negatives, logits(&[0.2]));
    }
}

#[test]
fn delimiter_from_the_first_line_that_is_not_blank() {
    let p = read("\n  \nscore;label\n0.9;1\n \t \n0.1;0\n");
    assert_eq!(p.layout.as_ref().unwrap().delimiter, b';');
    assert_eq!(p.rows(), 2);
}

#[test]
fn delimiter_chosen_by_the_caller() {
    let options = ParseOptions {
        delimiter: Some(b'|'),
        ..ParseOptions::default()
    };
    let p = read_with("score|label\n0.9|1\n", options);
    assert_eq!(p.positives, logits(&[0.9]));
}

#[test]
fn semicolon_file_with_decimal_commas() {
    let p = read("score;label\n0,9;1\n0,25;0\n");
    assert_eq!(p.layout.as_ref().unwrap().delimiter, b';');
    assert_eq!(p.positives, logits(&[0.9]));
    assert_eq!(p.negatives, logits(&[0.25]));
}

#[test]
fn crlf_quotes_blanks_and_byte_order_mark() {
    let p = read("\u{feff}\"score\",\"label\"\r\n\r\n\"0.9\", 1 \r\n0.2,0");
    assert_eq!(
        p.layout.unwrap().header,
        Some(vec!["score".to_string(), "label".to_string()])
    );
    assert_eq!(p.positives, logits(&[0.9]));
    assert_eq!(p.negatives, logits(&[0.2]));
}

#[test]
fn no_header_two_columns_is_score_then_label() {
    let p = read("0.9,1\n0.2,0\n");
    let layout = p.layout.unwrap();
    assert_eq!(layout.header, None);
    assert_eq!((layout.score_column, layout.label_column), (0, 1));
    assert_eq!(p.positives, logits(&[0.9]));
    assert_eq!(p.negatives, logits(&[0.2]));
}

#[test]
fn two_unnamed_columns_with_a_header() {
    let p = read("a,b\n0.9,1\n");
    let layout = p.layout.unwrap();
    assert!(layout.header.is_some());
    assert_eq!((layout.score_column, layout.label_column), (0, 1));
}

#[test]
fn columns_chosen_by_name() {
    let cases = [
        ("id,label,prob\nimg1,1,0.8\n", 2, 1),
        ("label,score\n1,0.8\n", 1, 0),
        ("y_true,y_pred\n1,0.8\n", 1, 0),
        ("image,Confidence,GT,box\nimg1,0.8,1,x\n", 1, 2),
        ("target,output,other\n1,0.8,x\n", 1, 0),
        ("logits,labels\n0.8,1\n", 0, 1),
        ("x,y\n0.8,1\n", 0, 1),
        ("truth,x\n1,0.8\n", 1, 0),
    ];
    for (text, score, label) in cases {
        let layout = read(text).layout.unwrap();
        assert_eq!(
            (layout.score_column, layout.label_column),
            (score, label),
            "{text:?}"
        );
    }
}

#[test]
fn columns_chosen_by_the_caller() {
    let p = read_with("7,0.8,1\n8,0.3,0\n", columns(1, 2));
    assert_eq!(p.layout.as_ref().unwrap().header, None);
    assert_eq!(p.positives, logits(&[0.8]));
    assert_eq!(p.negatives, logits(&[0.3]));
    // The caller overrides the names.
    let p = read_with("score,label,other\n0.1,1,0.7\n", columns(2, 1));
    assert_eq!(p.positives, logits(&[0.7]));
    // One column chosen, the other by name.
    let options = ParseOptions {
        score_column: Some(2),
        ..ParseOptions::default()
    };
    let layout = read_with("score,label,other\n0.1,1,0.7\n", options)
        .layout
        .unwrap();
    assert_eq!((layout.score_column, layout.label_column), (2, 1));
}

#[test]
fn labels_as_words_and_decimals() {
    let p = read("score,label\n0.1,true\n0.2,FALSE\n0.3,True\n0.4,0.0\n0.5,1.0\n0.6,false\n");
    assert_eq!(p.positives, logits(&[0.1, 0.3, 0.5]));
    assert_eq!(p.negatives, logits(&[0.2, 0.4, 0.6]));
    // A first row of words that are labels is data, not a header.
    let p = read("0.1,true\n0.2,false\n");
    assert_eq!(p.layout.as_ref().unwrap().header, None);
    assert_eq!(p.rows(), 2);
}

// ----------------------------------------------------- probability or logit

#[test]
fn auto_reads_probabilities_when_all_lie_in_0_1() {
    let p = read("score,label\n0,0\n1,1\n0.5,1\n");
    assert_eq!(p.kind, ScoreKind::Probability);
    assert_eq!(p.negatives, vec![f64::NEG_INFINITY]);
    assert_eq!(p.positives, vec![f64::INFINITY, 0.0]);
}

#[test]
fn auto_reads_logits_when_any_lies_outside_0_1() {
    // The deciding value is the last one: the decision waits for the end.
    let p = read("score,label\n0.5,0\n0.25,1\n-3,1\n");
    assert_eq!(p.kind, ScoreKind::Logit);
    assert_eq!(p.negatives, vec![0.5]);
    assert_eq!(p.positives, vec![0.25, -3.0]);
    let p = read("score,label\ninf,1\n-inf,0\n");
    assert_eq!(p.kind, ScoreKind::Logit);
    assert_eq!(p.positives, vec![f64::INFINITY]);
}

#[test]
fn auto_reads_logits_when_the_header_says_so() {
    let p = read("logit,label\n0.5,0\n0.25,1\n");
    assert_eq!(p.kind, ScoreKind::Logit);
    assert_eq!(p.negatives, vec![0.5]);
    let p = read("model_logits,label\n0.5,0\n");
    assert_eq!(p.kind, ScoreKind::Logit);
}

#[test]
fn modes_chosen_by_the_caller() {
    let logit_mode = ParseOptions {
        mode: ScoreMode::Logit,
        ..ParseOptions::default()
    };
    let p = read_with("score,label\n0.5,0\n", logit_mode);
    assert_eq!((p.kind, p.negatives), (ScoreKind::Logit, vec![0.5]));
    let prob_mode = ParseOptions {
        mode: ScoreMode::Probability,
        ..ParseOptions::default()
    };
    let p = read_with("logit,label\n0.5,0\n", prob_mode);
    assert_eq!((p.kind, p.negatives), (ScoreKind::Probability, vec![0.0]));
}

// ------------------------------------------------------------- refusals

#[test]
fn score_not_a_number() {
    let f = fail(b"score,label\n0.5,1\n0.25,0\nabc,0\n0.1,1\n");
    assert_eq!(
        f.error.to_string(),
        r#"line 4, column "score": "abc" is not a number"#
    );
    assert_eq!(f.error.line, Some(4));
    assert_eq!(f.error.column.as_deref(), Some("\"score\""));
    assert_eq!(f.error.rows_read, 2);
    // The rows before it are kept, as logits.
    assert_eq!(f.partial.positives, logits(&[0.5]));
    assert_eq!(f.partial.negatives, logits(&[0.25]));
    assert_eq!(
        message(b"score,label\n0.5,1\nNaN,0\n"),
        r#"line 3, column "score": "NaN" is not a number"#
    );
    assert_eq!(
        message(b"score,label\n0.5,1\n,0\n"),
        r#"line 3, column "score": "" is not a number"#
    );
    let long = format!("score,label\n{},1\n", "x".repeat(50));
    assert_eq!(
        message(long.as_bytes()),
        format!(
            r#"line 2, column "score": "{}…" is not a number"#,
            "x".repeat(40)
        )
    );
}

#[test]
fn columns_without_a_header_are_numbered() {
    assert_eq!(
        message(b"0.5,1\n0.5,0\nabc,1\n"),
        r#"line 3, column 1: "abc" is not a number"#
    );
    assert_eq!(
        message(b"0.5,1\n0.5,7\n"),
        r#"line 2, column 2: "7" is not a label (0 or 1, true or false)"#
    );
}

#[test]
fn probability_out_of_range() {
    let prob_mode = ParseOptions {
        mode: ScoreMode::Probability,
        ..ParseOptions::default()
    };
    let f = fail_with(b"score,label\n0.5,1\n1.5,0\n", prob_mode);
    assert_eq!(
        f.error.to_string(),
        r#"line 3, column "score": "1.5" is not a probability between 0 and 1"#
    );
    assert_eq!(f.partial.kind, ScoreKind::Probability);
    assert_eq!(f.partial.positives, logits(&[0.5]));
    let f = fail_with(b"score,label\n-0.01,1\n", prob_mode);
    assert_eq!(
        f.error.to_string(),
        r#"line 2, column "score": "-0.01" is not a probability between 0 and 1"#
    );
}

#[test]
fn label_not_0_or_1() {
    for (bad, shown) in [
        ("2", "2"),
        ("-1", "-1"),
        ("0.5", "0.5"),
        ("yes", "yes"),
        ("", ""),
    ] {
        let text = format!("score,label\n0.5,1\n0.5,{bad}\n");
        assert_eq!(
            message(text.as_bytes()),
            format!(r#"line 3, column "label": "{shown}" is not a label (0 or 1, true or false)"#)
        );
    }
}

#[test]
fn ragged_rows() {
    let f = fail(b"score,label\n0.5,1\n0.5,1,3\n0.5,1\n");
    assert_eq!(
        f.error.to_string(),
        "line 3: 3 fields, but the first row has 2"
    );
    assert_eq!(f.error.rows_read, 1);
    assert_eq!(
        message(b"score,label\n0.5\n"),
        "line 2: 1 field, but the first row has 2"
    );
}

#[test]
fn line_numbers_count_blank_lines_crlf_and_quoted_newlines() {
    assert_eq!(
        message(b"name,score,label\n\"a\nb\",0.5,1\n\n\"c\",0.4,x\n"),
        r#"line 5, column "label": "x" is not a label (0 or 1, true or false)"#
    );
    assert_eq!(
        message(b"score,label\r\n0.5,1\r\n\r\n0.5,x\r\n"),
        r#"line 4, column "label": "x" is not a label (0 or 1, true or false)"#
    );
    assert_eq!(
        message(b"\n\nscore,label\n0.5,x"),
        r#"line 4, column "label": "x" is not a label (0 or 1, true or false)"#
    );
}

#[test]
fn empty_files() {
    assert_eq!(message(b""), "the file is empty");
    assert_eq!(message(b"\n\r\n\n"), "the file is empty");
    assert_eq!(
        message(b"score,label\n"),
        "the file has a header but no rows"
    );
    assert_eq!(fail(b"").partial.layout, None);
}

#[test]
fn binary_files() {
    assert_eq!(
        message(b"score,label\n0.5,1\x00\n"),
        "line 2: this is not a text file (it has a NUL byte); choose a CSV or TSV file"
    );
    // UTF-16 (what some spreadsheets save) has NUL bytes.
    assert_eq!(
        message(b"\xff\xfes\x00c\x00"),
        "line 1: this is not a text file (it has a NUL byte); choose a CSV or TSV file"
    );
    assert_eq!(
        message(b"\x89PNG\r\n\x1a\n"),
        "line 1: this is not a text file (it is not UTF-8); choose a CSV or TSV file"
    );
    let mut late = b"score,label\n".repeat(20);
    late.extend_from_slice(b"\xc3\x28");
    assert_eq!(
        message(&late),
        "line 21: this is not a text file (it is not UTF-8); choose a CSV or TSV file"
    );
}

#[test]
fn files_over_the_size_limit() {
    assert_eq!(format_bytes(DEFAULT_MAX_BYTES), "2 GB");
    assert_eq!(format_bytes(1_500_000), "1.5 MB");
    assert_eq!(format_bytes(2048), "2.05 kB");
    assert_eq!(format_bytes(512), "512 bytes");
    assert_eq!(
        check_size(2_400_000_000, DEFAULT_MAX_BYTES)
            .unwrap_err()
            .to_string(),
        "the file is 2.4 GB, larger than the limit of 2 GB"
    );
    assert!(check_size(DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES).is_ok());
    // While reading: the rows before the limit are kept.
    let text = "score,label\n".to_string() + &"0.5,1\n".repeat(400);
    let options = ParseOptions {
        // 12 bytes of header and 247 rows of 6, then "0.5" of line 249.
        max_bytes: 1497,
        ..ParseOptions::default()
    };
    let mut parser = Parser::new(options);
    let mut result = Ok(());
    for chunk in text.as_bytes().chunks(100) {
        result = parser.push(chunk);
        if result.is_err() {
            break;
        }
    }
    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 249: the file is larger than the limit of 1.5 kB"
    );
    let failed = parser.finish().unwrap_err();
    assert_eq!(failed.error, error);
    assert_eq!(failed.partial.rows(), 247);
    assert_eq!(failed.error.rows_read, 247);
}

#[test]
fn rows_longer_than_a_megabyte() {
    let mut text = b"score,label\n0.5,1\n\"".to_vec();
    text.extend(vec![b'a'; 3 << 20]);
    let f = fail(&text);
    assert_eq!(
        f.error.to_string(),
        "line 3: a row longer than 1 MB; choose a CSV or TSV file of scores and labels"
    );
    assert_eq!(f.partial.rows(), 1);
}

#[test]
fn column_layout_refusals() {
    assert_eq!(
        message(b"score\n0.5\n"),
        "line 1: only one column; a score column and a label column are needed, \
         separated by commas, tabs or semicolons"
    );
    assert_eq!(
        message(b"1,0.5,1\n"),
        "line 1: 3 columns and no header: name the columns in a first line, \
         or choose the score and label columns"
    );
    assert_eq!(
        message(b"id,a,label\nx,0.5,1\n"),
        "line 1: no column is named like a score (score, prob, probability, p, pred, \
         prediction, logit, confidence, output) among \"id\", \"a\", \"label\"; \
         choose the score column"
    );
    assert_eq!(
        message(b"id,score,b\nx,0.5,1\n"),
        "line 1: no column is named like a label (label, y, target, gt, truth, class) \
         among \"id\", \"score\", \"b\"; choose the label column"
    );
    assert_eq!(
        fail_with(b"0.5,1\n", columns(4, 1)).error.to_string(),
        "line 1: there is no column 5 (chosen for the score): the file has 2 columns"
    );
    assert_eq!(
        fail_with(b"0.5,1\n", columns(1, 1)).error.to_string(),
        "line 1: the score and the label cannot both be column 2"
    );
}

#[test]
fn after_an_error_pushes_return_it_again() {
    let mut parser = Parser::new(ParseOptions::default());
    let mut text = b"score,label\n0.5,1\nabc,0\n".to_vec();
    text.extend(b"0.5,1\n".repeat(300));
    let first = parser.push(&text).unwrap_err();
    assert_eq!(parser.push(b"0.5,1\n").unwrap_err(), first);
    assert_eq!(parser.rows(), 1);
    assert_eq!(parser.finish().unwrap_err().partial.rows(), 1);
}

// -------------------------------------------------------- chunk boundaries

/// The same outcome, rows or error, for the file in one chunk, cut in two at
/// every byte, and fed one byte at a time.
fn same_in_any_chunks(bytes: &[u8]) {
    let whole = parse(bytes, ParseOptions::default());
    let fed = |chunks: &mut dyn Iterator<Item = &[u8]>| {
        let mut parser = Parser::new(ParseOptions::default());
        for chunk in chunks {
            let _ = parser.push(chunk);
        }
        parser.finish()
    };
    for cut in 0..=bytes.len() {
        let (a, b) = bytes.split_at(cut);
        assert_eq!(fed(&mut [a, b].into_iter()), whole, "cut at {cut}");
    }
    assert_eq!(fed(&mut bytes.chunks(1)), whole, "byte by byte");
    assert_eq!(fed(&mut bytes.chunks(7)), whole, "by 7 bytes");
}

#[test]
fn chunk_boundaries_anywhere_give_the_same_result() {
    same_in_any_chunks(b"score,label\n0.9,1\n0.2,0\n0.7,false\n");
    same_in_any_chunks(b"\xef\xbb\xbf\"id\";\"p\";\"y\"\r\n\"a\r\nb\";0,5;1\r\n\r\n\"c\";1e-3;0");
    same_in_any_chunks(b"0.5\t1\n-2\t0\n");
    same_in_any_chunks(b"score,label\n0.5,1\n0.5,x\n");
    same_in_any_chunks(b"score,label\n0.5,1\x00\n");
    // Longer than the first kilobyte, which is held back to be checked.
    let mut long = b"logit,label\r\n".to_vec();
    for i in 0..150 {
        long.extend(format!("{}.{:03},{}\r\n", i as i64 - 75, i * 7 % 1000, i % 3 % 2).bytes());
    }
    same_in_any_chunks(&long);
    long.extend(b"1,2\r\n");
    same_in_any_chunks(&long);
}
