import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes keep the Temporal Web UI useful without Ringmaster's API.
// Names cross a boundary (the Temporal cluster): never rename them in place.
export const RingmasterProject = defineSearchAttributeKey('RingmasterProject', SearchAttributeType.KEYWORD);
export const RingmasterStatus = defineSearchAttributeKey('RingmasterStatus', SearchAttributeType.KEYWORD);
export const RingmasterPriority = defineSearchAttributeKey('RingmasterPriority', SearchAttributeType.KEYWORD);
export const RingmasterAgent = defineSearchAttributeKey('RingmasterAgent', SearchAttributeType.KEYWORD);

/** Every custom search attribute Ringmaster registers on its namespace. */
export const SEARCH_ATTRIBUTES = [RingmasterProject, RingmasterStatus, RingmasterPriority, RingmasterAgent] as const;
