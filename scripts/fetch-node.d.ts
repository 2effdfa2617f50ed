/** The path of a Node `major` binary, installed into .cache/node/<major> when not there yet. */
export function nodeBinary(major: string | number): string
