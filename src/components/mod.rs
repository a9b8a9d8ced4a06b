pub mod badges;
pub mod feed_error;
pub mod feed_notice;
pub mod filters;
pub mod header;
pub mod loading;
pub mod product_card;
pub mod search_box;
