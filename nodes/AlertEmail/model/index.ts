/**
 * The data every step of the pipeline passes along, in one place, so that no step has to import
 * another step for a type: alerts (what mapping makes), recipients and envelopes (what the item
 * asks for), throttle facts, mail groups and jobs (what is sent), and what was skipped.
 * Types only, and the severity scale they are built on.
 */
export * from './alert';
export * from './mail';
export * from './pipeline';
