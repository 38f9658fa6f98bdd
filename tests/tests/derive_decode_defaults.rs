//! The decode derive's copy of the default messages (`sunor-errors-derive/src/defaults.rs`)
//! against the original, `ErrorCode::default_message`: one variant without `message` for
//! every code in 400..=599. The catalogue shows the copy; decoding matches on it.

use sunor_errors::{ErrorCode, FromErrorBody, IntoErrorBody};

#[derive(Debug, Clone, Copy, PartialEq, IntoErrorBody, FromErrorBody)]
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

const ALL: [AllCodes; 200] = [
    AllCodes::C400,
    AllCodes::C401,
    AllCodes::C402,
    AllCodes::C403,
    AllCodes::C404,
    AllCodes::C405,
    AllCodes::C406,
    AllCodes::C407,
    AllCodes::C408,
    AllCodes::C409,
    AllCodes::C410,
    AllCodes::C411,
    AllCodes::C412,
    AllCodes::C413,
    AllCodes::C414,
    AllCodes::C415,
    AllCodes::C416,
    AllCodes::C417,
    AllCodes::C418,
    AllCodes::C419,
    AllCodes::C420,
    AllCodes::C421,
    AllCodes::C422,
    AllCodes::C423,
    AllCodes::C424,
    AllCodes::C425,
    AllCodes::C426,
    AllCodes::C427,
    AllCodes::C428,
    AllCodes::C429,
    AllCodes::C430,
    AllCodes::C431,
    AllCodes::C432,
    AllCodes::C433,
    AllCodes::C434,
    AllCodes::C435,
    AllCodes::C436,
    AllCodes::C437,
    AllCodes::C438,
    AllCodes::C439,
    AllCodes::C440,
    AllCodes::C441,
    AllCodes::C442,
    AllCodes::C443,
    AllCodes::C444,
    AllCodes::C445,
    AllCodes::C446,
    AllCodes::C447,
    AllCodes::C448,
    AllCodes::C449,
    AllCodes::C450,
    AllCodes::C451,
    AllCodes::C452,
    AllCodes::C453,
    AllCodes::C454,
    AllCodes::C455,
    AllCodes::C456,
    AllCodes::C457,
    AllCodes::C458,
    AllCodes::C459,
    AllCodes::C460,
    AllCodes::C461,
    AllCodes::C462,
    AllCodes::C463,
    AllCodes::C464,
    AllCodes::C465,
    AllCodes::C466,
    AllCodes::C467,
    AllCodes::C468,
    AllCodes::C469,
    AllCodes::C470,
    AllCodes::C471,
    AllCodes::C472,
    AllCodes::C473,
    AllCodes::C474,
    AllCodes::C475,
    AllCodes::C476,
    AllCodes::C477,
    AllCodes::C478,
    AllCodes::C479,
    AllCodes::C480,
    AllCodes::C481,
    AllCodes::C482,
    AllCodes::C483,
    AllCodes::C484,
    AllCodes::C485,
    AllCodes::C486,
    AllCodes::C487,
    AllCodes::C488,
    AllCodes::C489,
    AllCodes::C490,
    AllCodes::C491,
    AllCodes::C492,
    AllCodes::C493,
    AllCodes::C494,
    AllCodes::C495,
    AllCodes::C496,
    AllCodes::C497,
    AllCodes::C498,
    AllCodes::C499,
    AllCodes::C500,
    AllCodes::C501,
    AllCodes::C502,
    AllCodes::C503,
    AllCodes::C504,
    AllCodes::C505,
    AllCodes::C506,
    AllCodes::C507,
    AllCodes::C508,
    AllCodes::C509,
    AllCodes::C510,
    AllCodes::C511,
    AllCodes::C512,
    AllCodes::C513,
    AllCodes::C514,
    AllCodes::C515,
    AllCodes::C516,
    AllCodes::C517,
    AllCodes::C518,
    AllCodes::C519,
    AllCodes::C520,
    AllCodes::C521,
    AllCodes::C522,
    AllCodes::C523,
    AllCodes::C524,
    AllCodes::C525,
    AllCodes::C526,
    AllCodes::C527,
    AllCodes::C528,
    AllCodes::C529,
    AllCodes::C530,
    AllCodes::C531,
    AllCodes::C532,
    AllCodes::C533,
    AllCodes::C534,
    AllCodes::C535,
    AllCodes::C536,
    AllCodes::C537,
    AllCodes::C538,
    AllCodes::C539,
    AllCodes::C540,
    AllCodes::C541,
    AllCodes::C542,
    AllCodes::C543,
    AllCodes::C544,
    AllCodes::C545,
    AllCodes::C546,
    AllCodes::C547,
    AllCodes::C548,
    AllCodes::C549,
    AllCodes::C550,
    AllCodes::C551,
    AllCodes::C552,
    AllCodes::C553,
    AllCodes::C554,
    AllCodes::C555,
    AllCodes::C556,
    AllCodes::C557,
    AllCodes::C558,
    AllCodes::C559,
    AllCodes::C560,
    AllCodes::C561,
    AllCodes::C562,
    AllCodes::C563,
    AllCodes::C564,
    AllCodes::C565,
    AllCodes::C566,
    AllCodes::C567,
    AllCodes::C568,
    AllCodes::C569,
    AllCodes::C570,
    AllCodes::C571,
    AllCodes::C572,
    AllCodes::C573,
    AllCodes::C574,
    AllCodes::C575,
    AllCodes::C576,
    AllCodes::C577,
    AllCodes::C578,
    AllCodes::C579,
    AllCodes::C580,
    AllCodes::C581,
    AllCodes::C582,
    AllCodes::C583,
    AllCodes::C584,
    AllCodes::C585,
    AllCodes::C586,
    AllCodes::C587,
    AllCodes::C588,
    AllCodes::C589,
    AllCodes::C590,
    AllCodes::C591,
    AllCodes::C592,
    AllCodes::C593,
    AllCodes::C594,
    AllCodes::C595,
    AllCodes::C596,
    AllCodes::C597,
    AllCodes::C598,
    AllCodes::C599,
];

#[test]
fn the_derive_knows_every_default_message() {
    let catalog = AllCodes::error_catalog();
    assert_eq!(catalog.len(), 200);
    for (descriptor, code) in catalog.iter().zip(400..=599) {
        let code = ErrorCode::from_u16(code).unwrap();
        assert_eq!(descriptor.code, code);
        assert_eq!(descriptor.message, code.default_message(), "{code}");
        assert!(descriptor.decodable);
    }
}

#[test]
fn every_default_message_decodes_back() {
    for value in ALL {
        let body = value.to_error_body();
        assert_eq!(body.message(), value.error_code().default_message());
        assert_eq!(AllCodes::from_error_body(&body), Some(value));
    }
}
