use chrono::{TimeZone, Utc};
use portico_domain::{
    DomainError,
    clinic::{self, ClinicName, ClinicProfileUpdate, ContactEmail, PhoneNumber},
    test_util::TestDatabase,
};

#[tokio::test]
async fn a_new_clinic_has_the_default_name_and_no_contacts() {
    let t = TestDatabase::new().await;
    let profile = clinic::clinic_profile(&t.db).await.unwrap();
    assert_eq!(profile.name, clinic::DEFAULT_CLINIC_NAME);
    assert_eq!(profile.phone, None);
    assert_eq!(profile.email, None);
}

#[tokio::test]
async fn updates_are_stored_and_overwrite_earlier_values() {
    let t = TestDatabase::new().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    clinic::update_clinic_profile(
        &t.db,
        ClinicProfileUpdate {
            name: Some(ClinicName::parse("Elm Street Family Practice").unwrap()),
            phone: Some(PhoneNumber::parse("+1 555 010 2000").unwrap()),
            email: None,
        },
        now,
    )
    .await
    .unwrap();
    let profile = clinic::clinic_profile(&t.db).await.unwrap();
    assert_eq!(profile.name, "Elm Street Family Practice");
    assert_eq!(profile.phone.as_deref(), Some("+1 555 010 2000"));

    let profile = clinic::update_clinic_profile(
        &t.db,
        ClinicProfileUpdate {
            email: Some(ContactEmail::parse("desk@elmstreet.example").unwrap()),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        profile.name, "Elm Street Family Practice",
        "untouched fields keep their value"
    );
    assert_eq!(profile.email.as_deref(), Some("desk@elmstreet.example"));
}

#[tokio::test]
async fn an_empty_update_is_refused_and_changes_nothing() {
    let t = TestDatabase::new().await;
    let err = clinic::update_clinic_profile(&t.db, ClinicProfileUpdate::default(), Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::Validation { .. }));
    assert_eq!(
        clinic::clinic_profile(&t.db).await.unwrap().name,
        clinic::DEFAULT_CLINIC_NAME
    );
}
