/** Value types that describe a model: its configuration and the enums it is made of. */
package dev.tfvae.core.model;
