//! The server over real HTTP: every test starts its own on a free port over a fresh database.

mod access;
mod binary;
mod caching;
mod data_care;
mod doctor;
mod durability;
mod exports;
mod health;
mod helpers;
mod https;
mod insights;
mod introductions;
mod links;
mod live;
mod markup;
mod pages;
mod pin_guessing;
mod postgres;
mod processes;
mod register;
mod security;
mod shops;
mod shutdown;
mod site_files;
mod staff;
mod upgrade;
