//! ActivityPub wire types: how peers really shape actors, objects, activities and collections.
