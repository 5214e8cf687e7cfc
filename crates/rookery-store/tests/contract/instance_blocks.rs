//! Instance-level domain blocks: inserted once (the first reason stays), listed oldest
//! first, removed.

use rookery_core::instance_blocks::InstanceBlock;
use rookery_core::ports::InstanceBlocks;
use rookery_core::Domain;
use rookery_store::Store;

use crate::fixtures::*;

pub(crate) async fn block_list_and_unblock(store: Store) {
    assert!(store.instance_blocks().await.unwrap().is_empty());
    let spam = InstanceBlock {
        domain: Domain::parse("spam.example").unwrap(),
        reason: Some("spam".into()),
        created_at: at(0),
    };
    let quiet = InstanceBlock {
        domain: Domain::parse("Quiet.Example").unwrap(),
        reason: None,
        created_at: at(1),
    };
    assert!(store.insert_instance_block(&spam).await.unwrap());
    assert!(store.insert_instance_block(&quiet).await.unwrap());
    let again = InstanceBlock {
        reason: Some("changed".into()),
        created_at: at(2),
        ..spam.clone()
    };
    assert!(!store.insert_instance_block(&again).await.unwrap());

    let listed = store.instance_blocks().await.unwrap();
    assert_eq!(listed, [spam.clone(), quiet.clone()]);
    assert_eq!(listed[1].domain.as_str(), "quiet.example");

    assert!(store.delete_instance_block(&spam.domain).await.unwrap());
    assert!(!store.delete_instance_block(&spam.domain).await.unwrap());
    assert_eq!(store.instance_blocks().await.unwrap(), [quiet]);
}
