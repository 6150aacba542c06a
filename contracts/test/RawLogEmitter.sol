// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title RawLogEmitter (tests only)
/// @notice Emits arbitrary logs: any topics (0 to 4) and any data. Lets the listener tests put
/// malformed escrow or ERC-20 logs on a real chain (wrong topic count, undecodable data).
contract RawLogEmitter {
    error TooManyTopics(uint256 count);

    function emitRaw(bytes32[] calldata topics, bytes calldata data) external {
        bytes memory body = data;
        uint256 n = topics.length;
        if (n > 4) revert TooManyTopics(n);
        assembly {
            let ptr := add(body, 32)
            let len := mload(body)
            switch n
            case 0 { log0(ptr, len) }
            case 1 { log1(ptr, len, calldataload(topics.offset)) }
            case 2 { log2(ptr, len, calldataload(topics.offset), calldataload(add(topics.offset, 32))) }
            case 3 {
                log3(
                    ptr,
                    len,
                    calldataload(topics.offset),
                    calldataload(add(topics.offset, 32)),
                    calldataload(add(topics.offset, 64))
                )
            }
            default {
                log4(
                    ptr,
                    len,
                    calldataload(topics.offset),
                    calldataload(add(topics.offset, 32)),
                    calldataload(add(topics.offset, 64)),
                    calldataload(add(topics.offset, 96))
                )
            }
        }
    }
}
