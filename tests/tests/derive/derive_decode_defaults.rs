//! The default messages the derive compiles in (`default_messages.rs`, one file linked into
//! both crates) against `ErrorCode::default_message` at run time: one variant without
//! `message` for every code in 400..=599. The catalogue shows the derive's text; decoding
//! matches on it.

use sunor_errors::catalog::Catalog;
use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum AllCodes {
    #[error_body(code = 400)]
    C400,
    #[error_body(code = 401)]
    C401,
    #[error_body(code = 402)]
    C402,
    #[error_body(code = 403)]
    C403,
    #[error_body(code = 404)]
    C404,
    #[error_body(code = 405)]
    C405,
    #[error_body(code = 406)]
    C406,
    #[error_body(code = 407)]
    C407,
    #[error_body(code = 408)]
    C408,
    #[error_body(code = 409)]
    C409,
    #[error_body(code = 410)]
    C410,
    #[error_body(code = 411)]
    C411,
    #[error_body(code = 412)]
    C412,
    #[error_body(code = 413)]
    C413,
    #[error_body(code = 414)]
    C414,
    #[error_body(code = 415)]
    C415,
    #[error_body(code = 416)]
    C416,
    #[error_body(code = 417)]
    C417,
    #[error_body(code = 418)]
    C418,
    #[error_body(code = 419)]
    C419,
    #[error_body(code = 420)]
    C420,
    #[error_body(code = 421)]
    C421,
    #[error_body(code = 422)]
    C422,
    #[error_body(code = 423)]
    C423,
    #[error_body(code = 424)]
    C424,
    #[error_body(code = 425)]
    C425,
    #[error_body(code = 426)]
    C426,
    #[error_body(code = 427)]
    C427,
    #[error_body(code = 428)]
    C428,
    #[error_body(code = 429)]
    C429,
    #[error_body(code = 430)]
    C430,
    #[error_body(code = 431)]
    C431,
    #[error_body(code = 432)]
    C432,
    #[error_body(code = 433)]
    C433,
    #[error_body(code = 434)]
    C434,
    #[error_body(code = 435)]
    C435,
    #[error_body(code = 436)]
    C436,
    #[error_body(code = 437)]
    C437,
    #[error_body(code = 438)]
    C438,
    #[error_body(code = 439)]
    C439,
    #[error_body(code = 440)]
    C440,
    #[error_body(code = 441)]
    C441,
    #[error_body(code = 442)]
    C442,
    #[error_body(code = 443)]
    C443,
    #[error_body(code = 444)]
    C444,
    #[error_body(code = 445)]
    C445,
    #[error_body(code = 446)]
    C446,
    #[error_body(code = 447)]
    C447,
    #[error_body(code = 448)]
    C448,
    #[error_body(code = 449)]
    C449,
    #[error_body(code = 450)]
    C450,
    #[error_body(code = 451)]
    C451,
    #[error_body(code = 452)]
    C452,
    #[error_body(code = 453)]
    C453,
    #[error_body(code = 454)]
    C454,
    #[error_body(code = 455)]
    C455,
    #[error_body(code = 456)]
    C456,
    #[error_body(code = 457)]
    C457,
    #[error_body(code = 458)]
    C458,
    #[error_body(code = 459)]
    C459,
    #[error_body(code = 460)]
    C460,
    #[error_body(code = 461)]
    C461,
    #[error_body(code = 462)]
    C462,
    #[error_body(code = 463)]
    C463,
    #[error_body(code = 464)]
    C464,
    #[error_body(code = 465)]
    C465,
    #[error_body(code = 466)]
    C466,
    #[error_body(code = 467)]
    C467,
    #[error_body(code = 468)]
    C468,
    #[error_body(code = 469)]
    C469,
    #[error_body(code = 470)]
    C470,
    #[error_body(code = 471)]
    C471,
    #[error_body(code = 472)]
    C472,
    #[error_body(code = 473)]
    C473,
    #[error_body(code = 474)]
    C474,
    #[error_body(code = 475)]
    C475,
    #[error_body(code = 476)]
    C476,
    #[error_body(code = 477)]
    C477,
    #[error_body(code = 478)]
    C478,
    #[error_body(code = 479)]
    C479,
    #[error_body(code = 480)]
    C480,
    #[error_body(code = 481)]
    C481,
    #[error_body(code = 482)]
    C482,
    #[error_body(code = 483)]
    C483,
    #[error_body(code = 484)]
    C484,
    #[error_body(code = 485)]
    C485,
    #[error_body(code = 486)]
    C486,
    #[error_body(code = 487)]
    C487,
    #[error_body(code = 488)]
    C488,
    #[error_body(code = 489)]
    C489,
    #[error_body(code = 490)]
    C490,
    #[error_body(code = 491)]
    C491,
    #[error_body(code = 492)]
    C492,
    #[error_body(code = 493)]
    C493,
    #[error_body(code = 494)]
    C494,
    #[error_body(code = 495)]
    C495,
    #[error_body(code = 496)]
    C496,
    #[error_body(code = 497)]
    C497,
    #[error_body(code = 498)]
    C498,
    #[error_body(code = 499)]
    C499,
    #[error_body(code = 500)]
    C500,
    #[error_body(code = 501)]
    C501,
    #[error_body(code = 502)]
    C502,
    #[error_body(code = 503)]
    C503,
    #[error_body(code = 504)]
    C504,
    #[error_body(code = 505)]
    C505,
    #[error_body(code = 506)]
    C506,
    #[error_body(code = 507)]
    C507,
    #[error_body(code = 508)]
    C508,
    #[error_body(code = 509)]
    C509,
    #[error_body(code = 510)]
    C510,
    #[error_body(code = 511)]
    C511,
    #[error_body(code = 512)]
    C512,
    #[error_body(code = 513)]
    C513,
    #[error_body(code = 514)]
    C514,
    #[error_body(code = 515)]
    C515,
    #[error_body(code = 516)]
    C516,
    #[error_body(code = 517)]
    C517,
    #[error_body(code = 518)]
    C518,
    #[error_body(code = 519)]
    C519,
    #[error_body(code = 520)]
    C520,
    #[error_body(code = 521)]
    C521,
    #[error_body(code = 522)]
    C522,
    #[error_body(code = 523)]
    C523,
    #[error_body(code = 524)]
    C524,
    #[error_body(code = 525)]
    C525,
    #[error_body(code = 526)]
    C526,
    #[error_body(code = 527)]
    C527,
    #[error_body(code = 528)]
    C528,
    #[error_body(code = 529)]
    C529,
    #[error_body(code = 530)]
    C530,
    #[error_body(code = 531)]
    C531,
    #[error_body(code = 532)]
    C532,
    #[error_body(code = 533)]
    C533,
    #[error_body(code = 534)]
    C534,
    #[error_body(code = 535)]
    C535,
    #[error_body(code = 536)]
    C536,
    #[error_body(code = 537)]
    C537,
    #[error_body(code = 538)]
    C538,
    #[error_body(code = 539)]
    C539,
    #[error_body(code = 540)]
    C540,
    #[error_body(code = 541)]
    C541,
    #[error_body(code = 542)]
    C542,
    #[error_body(code = 543)]
    C543,
    #[error_body(code = 544)]
    C544,
    #[error_body(code = 545)]
    C545,
    #[error_body(code = 546)]
    C546,
    #[error_body(code = 547)]
    C547,
    #[error_body(code = 548)]
    C548,
    #[error_body(code = 549)]
    C549,
    #[error_body(code = 550)]
    C550,
    #[error_body(code = 551)]
    C551,
    #[error_body(code = 552)]
    C552,
    #[error_body(code = 553)]
    C553,
    #[error_body(code = 554)]
    C554,
    #[error_body(code = 555)]
    C555,
    #[error_body(code = 556)]
    C556,
    #[error_body(code = 557)]
    C557,
    #[error_body(code = 558)]
    C558,
    #[error_body(code = 559)]
    C559,
    #[error_body(code = 560)]
    C560,
    #[error_body(code = 561)]
    C561,
    #[error_body(code = 562)]
    C562,
    #[error_body(code = 563)]
    C563,
    #[error_body(code = 564)]
    C564,
    #[error_body(code = 565)]
    C565,
    #[error_body(code = 566)]
    C566,
    #[error_body(code = 567)]
    C567,
    #[error_body(code = 568)]
    C568,
    #[error_body(code = 569)]
    C569,
    #[error_body(code = 570)]
    C570,
    #[error_body(code = 571)]
    C571,
    #[error_body(code = 572)]
    C572,
    #[error_body(code = 573)]
    C573,
    #[error_body(code = 574)]
    C574,
    #[error_body(code = 575)]
    C575,
    #[error_body(code = 576)]
    C576,
    #[error_body(code = 577)]
    C577,
    #[error_body(code = 578)]
    C578,
    #[error_body(code = 579)]
    C579,
    #[error_body(code = 580)]
    C580,
    #[error_body(code = 581)]
    C581,
    #[error_body(code = 582)]
    C582,
    #[error_body(code = 583)]
    C583,
    #[error_body(code = 584)]
    C584,
    #[error_body(code = 585)]
    C585,
    #[error_body(code = 586)]
    C586,
    #[error_body(code = 587)]
    C587,
    #[error_body(code = 588)]
    C588,
    #[error_body(code = 589)]
    C589,
    #[error_body(code = 590)]
    C590,
    #[error_body(code = 591)]
    C591,
    #[error_body(code = 592)]
    C592,
    #[error_body(code = 593)]
    C593,
    #[error_body(code = 594)]
    C594,
    #[error_body(code = 595)]
    C595,
    #[error_body(code = 596)]
    C596,
    #[error_body(code = 597)]
    C597,
    #[error_body(code = 598)]
    C598,
    #[error_body(code = 599)]
    C599,
}

#[test]
fn the_derive_knows_every_default_message() {
    let catalog = Catalog::of::<AllCodes>();
    assert_eq!(catalog.cases.len(), 200);
    for (case, code) in catalog.cases.iter().zip(400..=599) {
        let code = ErrorCode::from_u16(code).unwrap();
        assert_eq!(case.code, code);
        assert_eq!(case.message, code.default_message(), "{code}");
        assert!(case.decodable);
    }
}

#[test]
fn every_default_message_decodes_back() {
    for code in 400..=599 {
        let body = ErrorBody::from_code(ErrorCode::from_u16(code).unwrap());
        let value = AllCodes::from_error_body(&body).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(value.error_code().as_u16(), code);
        assert_eq!(value.to_error_body(), body);
        let other = ErrorBody::new(body.code(), format!("{}.", body.message()));
        assert_eq!(AllCodes::from_error_body(&other), None);
    }
}
